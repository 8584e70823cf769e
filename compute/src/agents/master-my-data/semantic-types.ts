/**
 * The business meaning of a column for mastering (email, phone, first/last/full name, address,
 * city, postcode, country, date of birth, company, id, amount, currency, date), judged from the
 * header (synonyms, extendable by a glossary) and from every value (a test per type), each type
 * weighing the two as its values allow: an email is obvious from values alone, a city is not.
 */
import { CellKind, classifyTextInto, newParsedCell } from "../../stats/value-parse.js";

const parsed = newParsedCell();

/** The value parser's kind of a text (its value then in `parsed`), its bytes written into one shared buffer. */
function kindOf(text: string): CellKind {
  const trimmed = text.trim();
  if (trimmed.length === 0) return CellKind.String;
  return classifyTextInto(trimmed, parsed);
}

const startsWithDigit = (value: string) => /^\s*\d/.test(value);

export const MASTER_TYPES = [
  "email",
  "phone",
  "first_name",
  "last_name",
  "full_name",
  "address",
  "city",
  "postcode",
  "country",
  "date_of_birth",
  "company",
  "id",
  "amount",
  "currency",
  "date",
] as const;
export type MasterType = (typeof MASTER_TYPES)[number];

interface TypeRule {
  /** Canonical column name the type maps to. */
  canonical: string;
  synonyms: string[];
  /** How far values alone can establish the type (0 = header only, 1 = values alone suffice). */
  valueWeight: number;
  test: (value: string) => boolean;
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const PHONE_CHARS = /^\+?[\d\s().-]+$/;
const POSTCODE = /^\d{4,5}(-\d{4})?$|^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$|^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i;
const NAME_TOKEN = /^[\p{L}][\p{L}'.-]*$/u;
const STREET = /\b(street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|drive|dr|way|court|ct|place|pl|square|sq|rue|strasse|straße)\b\.?/i;
const COMPANY = /\b(inc|ltd|llc|gmbh|corp|corporation|co|plc|sa|sas|ag|bv|limited|company|group|holdings)\b\.?$/i;
const CURRENCIES = new Set([
  "USD",
  "EUR",
  "GBP",
  "JPY",
  "CHF",
  "CAD",
  "AUD",
  "CNY",
  "INR",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "BRL",
  "MXN",
  "ZAR",
  "NZD",
  "SGD",
  "HKD",
  "KRW",
  "$",
  "€",
  "£",
  "¥",
]);
const COUNTRIES = new Set(
  (
    "us,usa,gb,uk,gbr,fr,fra,de,deu,es,esp,it,ita,nl,nld,be,bel,ch,che,at,aut,ie,irl,pt,prt,se,swe,no,nor,dk,dnk,fi,fin,pl,pol,ca,can," +
    "mx,mex,br,bra,ar,arg,au,aus,nz,nzl,jp,jpn,cn,chn,in,ind,za,zaf,sg,sgp,united states,united states of america,united kingdom," +
    "great britain,england,france,germany,spain,italy,netherlands,belgium,switzerland,austria,ireland,portugal,sweden,norway,denmark," +
    "finland,poland,canada,mexico,brazil,argentina,australia,new zealand,japan,china,india,south africa,singapore"
  ).split(","),
);

/** The last value split, and its tokens: the type tests of one value ask for them five times over. */
let tokenized = "";
let lastTokens: readonly string[] = [""];

function tokens(value: string): readonly string[] {
  if (value !== tokenized) {
    tokenized = value;
    lastTokens = value.trim().split(/\s+/);
  }
  return lastTokens;
}

function isDate(value: string): boolean {
  if (!startsWithDigit(value)) return false;
  const kind = kindOf(value);
  return kind === CellKind.Date || kind === CellKind.DateTime;
}

export const TYPE_RULES: Record<MasterType, TypeRule> = {
  email: {
    canonical: "email",
    synonyms: ["email", "e_mail", "mail", "email_address"],
    valueWeight: 0.9,
    test: (v) => EMAIL.test(v.trim()),
  },
  phone: {
    canonical: "phone",
    synonyms: ["phone", "telephone", "tel", "mobile", "cell", "phone_number", "mobile_number"],
    valueWeight: 0.6,
    test: (v) => {
      const digits = v.replace(/\D/g, "").length;
      return PHONE_CHARS.test(v.trim()) && digits >= 7 && digits <= 15;
    },
  },
  first_name: {
    canonical: "first_name",
    synonyms: ["first_name", "firstname", "given_name", "forename", "fname", "first"],
    valueWeight: 0.2,
    test: (v) => tokens(v).length === 1 && NAME_TOKEN.test(v.trim()),
  },
  last_name: {
    canonical: "last_name",
    synonyms: ["last_name", "lastname", "surname", "family_name", "lname", "last"],
    valueWeight: 0.2,
    test: (v) => tokens(v).length <= 2 && tokens(v).every((t) => NAME_TOKEN.test(t)),
  },
  full_name: {
    canonical: "full_name",
    synonyms: ["name", "full_name", "fullname", "customer_name", "contact_name", "person_name", "contact"],
    valueWeight: 0.4,
    test: (v) => {
      const t = tokens(v);
      return t.length >= 2 && t.length <= 4 && t.every((x) => NAME_TOKEN.test(x));
    },
  },
  address: {
    canonical: "address_line",
    synonyms: ["address", "street", "address_line", "address_line_1", "address1", "addr", "street_address"],
    valueWeight: 0.6,
    test: (v) => /^\d+[a-z]?\s+\S/i.test(v.trim()) || STREET.test(v),
  },
  city: {
    canonical: "city",
    synonyms: ["city", "town", "locality", "municipality"],
    valueWeight: 0.1,
    test: (v) => tokens(v).every((t) => NAME_TOKEN.test(t)),
  },
  postcode: {
    canonical: "postcode",
    synonyms: ["zip", "zipcode", "zip_code", "postcode", "postal_code", "post_code"],
    valueWeight: 0.5,
    test: (v) => POSTCODE.test(v.trim()),
  },
  country: {
    canonical: "country",
    synonyms: ["country", "country_code", "nation"],
    valueWeight: 0.7,
    test: (v) => COUNTRIES.has(v.trim().toLowerCase()),
  },
  date_of_birth: {
    canonical: "date_of_birth",
    synonyms: ["dob", "date_of_birth", "birth_date", "birthdate", "birthday", "born"],
    valueWeight: 0.2,
    test: (v) => {
      if (!startsWithDigit(v) || kindOf(v) !== CellKind.Date) return false;
      return new Date(parsed.value).getUTCFullYear() >= 1900 && parsed.value < Date.now();
    },
  },
  company: {
    canonical: "company_name",
    synonyms: ["company", "company_name", "organisation", "organization", "employer", "business", "account_name"],
    valueWeight: 0.6,
    test: (v) => COMPANY.test(v.trim()),
  },
  id: {
    canonical: "id",
    synonyms: ["id", "key", "identifier", "code", "number", "uuid", "guid"],
    valueWeight: 0.3,
    test: (v) => /^[^\s]{1,40}$/.test(v.trim()) && /\d/.test(v),
  },
  amount: {
    canonical: "amount",
    synonyms: ["amount", "price", "total", "cost", "revenue", "balance", "salary", "value", "fee"],
    valueWeight: 0.4,
    test: (v) => {
      const text = v
        .trim()
        .replace(/^[-+]?[$€£¥]\s?/, "")
        .replaceAll(",", "");
      if (!/^[-+.\d]/.test(text)) return false;
      const kind = kindOf(text);
      return kind === CellKind.Float || kind === CellKind.Integer;
    },
  },
  currency: {
    canonical: "currency",
    synonyms: ["currency", "currency_code", "ccy"],
    valueWeight: 0.6,
    test: (v) => CURRENCIES.has(v.trim().toUpperCase()),
  },
  date: {
    canonical: "date",
    synonyms: ["date", "created_at", "updated_at", "modified", "timestamp", "created", "updated", "last_updated"],
    valueWeight: 0.7,
    test: isDate,
  },
};

/** snake_case of a header: "Customer E-mail" → "customer_e_mail". */
export function headerKey(header: string): string {
  return header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

/** 1 when the header is a synonym, 0.7 when it ends with one as a word ("customer_email"), else 0. */
export function headerScore(header: string, synonyms: string[]): number {
  const key = headerKey(header);
  if (synonyms.includes(key)) return 1;
  for (const s of synonyms) if (key.endsWith(`_${s}`) || key.startsWith(`${s}_`)) return 0.7;
  return 0;
}

/** Confidence from the header score and the share of values passing the type's test. */
export function typeConfidence(header: number, valueShare: number, valueWeight: number): number {
  if (header === 0) return valueShare * valueWeight;
  return Math.min(1, header * (1 - valueWeight) + valueShare * valueWeight);
}
