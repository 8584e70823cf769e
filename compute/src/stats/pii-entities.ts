/**
 * PII recognisers in Presidio's scheme: a pattern gives a base score; a checksum or rule check
 * sets it to 1.0 when it passes and drops the candidate when it fails; a header naming the
 * entity adds a context boost. Phone numbers are validated per region by libphonenumber-js.
 */
import { ibanValid, luhnValid, ssnValid } from "./checksums.js";
import { PhoneRegions } from "./phone-numbers.js";

export type PiiEntity =
  | "email"
  | "phone"
  | "credit_card"
  | "iban"
  | "us_ssn"
  | "ip_address"
  | "date_of_birth"
  | "person_name"
  | "street_address"
  | "passport_or_national_id"
  | "api_secret";

/** What the recognisers learn about one column as its values go by (the phone regions). */
export interface ColumnContext {
  phones: PhoneRegions;
}

export function newColumnContext(): ColumnContext {
  return { phones: new PhoneRegions() };
}

interface Recognizer {
  entity: PiiEntity;
  pattern: RegExp;
  base: number;
  /** true → score 1.0; false → not this entity; undefined → no checksum for this entity. */
  validate?: (text: string, ctx: ColumnContext) => boolean;
  /** A rule check, not a checksum (SSN, phone): passing keeps the base score, failing still rules out. */
  ruleOnly?: boolean;
  /** A failed check means a malformed value of this entity (a card failing Luhn), worth reporting. */
  checksum?: string;
  header: RegExp;
  /** Only counted when the header names the entity (values alone are too ambiguous). */
  needsHeader?: boolean;
  /** A cheap test on the value's character counts that rules most values out before the regex. */
  gate: (f: Features) => boolean;
}

export interface Features {
  length: number;
  digits: number;
  letters: number;
  at: boolean;
  first: number;
  dots: number;
  colons: number;
  /** Letters a–f and A–F (the letters of a hexadecimal IPv6 group). */
  hexLetters: number;
}

function features(text: string): Features {
  let digits = 0;
  let letters = 0;
  let at = false;
  let dots = 0;
  let colons = 0;
  let hexLetters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 191) {
      letters++;
      if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) hexLetters++;
    } else if (c === 64) at = true;
    else if (c === 46) dots++;
    else if (c === 58) colons++;
  }
  return { length: text.length, digits, letters, at, first: text.charCodeAt(0), dots, colons, hexLetters };
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

/** The check that tells a real value of a checksummed entity from a look-alike. */
export const CHECKSUM_NAMES = {
  credit_card: "Luhn check",
  iban: "IBAN mod-97 check",
  us_ssn: "SSA numbering rules",
} as const satisfies Partial<Record<PiiEntity, string>>;

/** One part of a personal name: Singh, O'Brien, McDonald, Mary-Ann, José. */
const NAME_PART = "[A-ZÀ-ÖØ-Þ](?:'[A-Z])?[a-zß-öø-ÿ]+(?:[A-Z][a-zß-öø-ÿ]+)?(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?";

const RECOGNIZERS: Recognizer[] = [
  { entity: "email", gate: (f) => f.at, pattern: /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, base: 0.85, header: /e-?mail/i },
  {
    entity: "credit_card",
    // The pattern allows digits, spaces and hyphens only.
    gate: (f) => f.digits >= 12 && f.letters === 0 && f.dots === 0 && f.colons === 0,
    pattern: /^(?:\d[ -]?){12,18}\d$/,
    base: 0.3,
    validate: luhnValid,
    checksum: CHECKSUM_NAMES.credit_card,
    header: /card|\bcc\b|pan|credit/i,
  },
  {
    entity: "iban",
    gate: (f) => f.digits >= 8 && f.letters >= 2,
    pattern: /^[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}$/i,
    base: 0.5,
    validate: ibanValid,
    checksum: CHECKSUM_NAMES.iban,
    header: /iban|account|bank/i,
  },
  {
    // Written 123-45-6789 or 123 45 6789: the same separator twice, so ZIP+4 (12345-6789) never matches.
    entity: "us_ssn",
    gate: (f) => f.digits === 9 && f.letters === 0 && f.length === 11,
    pattern: /^\d{3}([- ])\d{2}\1\d{4}$/,
    base: 0.5,
    validate: ssnValid,
    ruleOnly: true,
    checksum: CHECKSUM_NAMES.us_ssn,
    header: /ssn|social.?security/i,
  },
  {
    // Nine bare digits are an SSN only under a header that says so (else any 9-digit id would be).
    entity: "us_ssn",
    gate: (f) => f.digits === 9 && f.letters === 0 && f.length === 9,
    pattern: /^\d{9}$/,
    base: 0.5,
    validate: ssnValid,
    ruleOnly: true,
    checksum: CHECKSUM_NAMES.us_ssn,
    header: /ssn|social.?security/i,
    needsHeader: true,
  },
  {
    entity: "ip_address",
    // What the pattern allows: digits and three dots (IPv4), or hex digits and two colons or more (IPv6).
    gate: (f) =>
      f.length >= 7 && ((f.dots === 3 && f.digits + 3 === f.length) || (f.colons >= 2 && f.digits + f.hexLetters + f.colons === f.length)),
    pattern: /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$|^(?=.*:)[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}$/,
    base: 0.6,
    header: /\bip\b|ip_?addr|ipv[46]/i,
  },
  {
    // Written with a + or separators. Bare digits (zero-padded ids too: 00123456) count only under a
    // phone header, and a decimal number (12.345678) never: ids and amounts look alike and a whole
    // column of them parses as valid numbers somewhere.
    entity: "phone",
    // The pattern allows no colon (a timestamp is no phone number).
    gate: (f) =>
      f.digits >= 7 &&
      f.digits <= 15 &&
      f.letters === 0 &&
      f.colons === 0 &&
      f.digits < f.length &&
      !(f.dots === 1 && f.digits + 1 === f.length),
    pattern: /^(?!\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$)(?:\+|\(|\d+[\s.\-/)])[\d\s().\-/+]{6,24}$/,
    base: 0.4,
    validate: (text, ctx) => ctx.phones.parse(text) !== null,
    ruleOnly: true,
    header: /phone|mobile|\btel\b|cell|fax/i,
  },
  {
    entity: "phone",
    gate: (f) => f.digits >= 7 && f.digits <= 15 && f.letters === 0 && f.digits === f.length,
    pattern: /^\d{7,15}$/,
    base: 0.4,
    validate: (text, ctx) => ctx.phones.parse(text) !== null,
    ruleOnly: true,
    header: /phone|mobile|\btel\b|cell|fax/i,
    needsHeader: true,
  },
  {
    entity: "date_of_birth",
    gate: (f) => f.digits === 8 && f.letters === 0,
    pattern: /^\d{4}[-/]\d{2}[-/]\d{2}$|^\d{2}[-/.]\d{2}[-/.]\d{4}$/,
    base: 0.2,
    header: /birth|dob|born/i,
    needsHeader: true,
  },
  {
    entity: "api_secret",
    // Every form the pattern takes starts with a letter (sk_, AKIA, ghp_, xoxb-).
    gate: (f) => f.length >= 16 && f.digits > 0 && isAsciiLetter(f.first),
    pattern: /^(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}$|^AKIA[0-9A-Z]{16}$|^gh[pousr]_[A-Za-z0-9]{36}$|^xox[abpr]-[A-Za-z0-9-]{10,}$/,
    base: 0.9,
    header: /secret|token|api.?key|password|passwd/i,
  },
  {
    entity: "street_address",
    gate: (f) => isDigit(f.first) && f.letters >= 4,
    pattern:
      /^\d{1,6}\s+(?:[A-Za-z0-9.'-]+\s+){0,5}(?:st|street|ave|avenue|rd|road|blvd|boulevard|ln|lane|dr|drive|way|ct|court|pl|place|terrace|sq|square)\.?(?:,.*)?$/i,
    base: 0.5,
    header: /address|street/i,
  },
  {
    entity: "passport_or_national_id",
    gate: (f) => isUpper(f.first) && f.digits >= 6,
    pattern: /^[A-Z]{1,2}\d{6,9}$/,
    base: 0.1,
    header: /passport|national.?id|nin\b|id.?card/i,
  },
  {
    // "Jane Doe", "David S. Singh", "Jennifer O'Brien", "Mary-Ann McDonald", "Chen, James".
    entity: "person_name",
    gate: (f) => isUpper(f.first) && f.digits === 0 && !f.at,
    pattern: new RegExp(`^(?:${NAME_PART}(?: (?:${NAME_PART}|[A-Z]\\.)){0,3}|${NAME_PART}, ${NAME_PART}(?: (?:${NAME_PART}|[A-Z]\\.))?)$`),
    base: 0.2,
    header: /(^|_|\b)(first|last|full|sur|given|middle)?_?name$|customer|patient|employee/i,
  },
];

export interface PiiMatch {
  entity: PiiEntity;
  score: number;
}

/** A value shaped like a checksummed entity whose check fails (a card number failing Luhn). */
export interface InvalidPii {
  entity: PiiEntity;
  check: string;
}

/** Whether any recogniser that may run under this header lets values of these features through. */
export function someGatePasses(f: Features, headerNamed: Set<PiiEntity>): boolean {
  for (const r of RECOGNIZERS) {
    if ((!r.needsHeader || headerNamed.has(r.entity)) && r.gate(f)) return true;
  }
  return false;
}

/** Free text worth searching for embedded entities: a space and at least this many characters. */
export const FREE_TEXT_MIN_LENGTH = 12;

/** Which entities the header names (for the context boost). */
export function headerEntities(header: string): Set<PiiEntity> {
  return new Set(RECOGNIZERS.filter((r) => r.header.test(header)).map((r) => r.entity));
}

/**
 * The best-scoring entity for one value, with the header boost applied (any score: the caller
 * compares it with min_score, or lets column-level evidence decide), or null. `invalid` is set
 * when the value has an entity's shape but fails its checksum (a weak match may exist beside it:
 * 666-12-3456 is no SSN but reads as a Spanish mobile number).
 */
export function examinePii(
  value: string,
  headerNamed: Set<PiiEntity>,
  headerBoost: number,
  ctx: ColumnContext,
): { match: PiiMatch | null; invalid: InvalidPii | null } {
  const text = value.trim();
  if (text.length < 3 || text.length > 120) return NO_MATCH;
  const f = features(text);
  let best: PiiMatch | null = null;
  let invalid: InvalidPii | null = null;
  for (const r of RECOGNIZERS) {
    const named = headerNamed.has(r.entity);
    if (r.needsHeader && !named) continue;
    if (!r.gate(f) || !r.pattern.test(text)) continue;
    let score = r.base;
    if (r.validate) {
      if (!r.validate(text, ctx)) {
        if (r.checksum && !invalid) invalid = { entity: r.entity, check: r.checksum };
        continue;
      }
      if (!r.ruleOnly) score = 1;
    }
    if (named) score = Math.min(1, score + headerBoost);
    if (!best || score > best.score) best = { entity: r.entity, score };
  }
  return best || invalid ? { match: best, invalid } : NO_MATCH;
}

const NO_MATCH = { match: null, invalid: null };

/** The best-scoring entity for one value (see examinePii), or null. */
export function detectPii(value: string, headerNamed: Set<PiiEntity>, headerBoost: number, ctx = newColumnContext()): PiiMatch | null {
  return examinePii(value, headerNamed, headerBoost, ctx).match;
}

/**
 * Entities whose values alone score below min_score (a phone number could be many things) but
 * which a column is taken to hold when at least COLUMN_EVIDENCE_SHARE of its values validate.
 */
export const COLUMN_EVIDENCE_ENTITIES: ReadonlySet<PiiEntity> = new Set(["phone"]);
export const COLUMN_EVIDENCE_SHARE = 0.5;

/** Base score of an entity's recogniser (the score a value gets with no header). */
export function baseScore(entity: PiiEntity): number {
  return Math.max(...RECOGNIZERS.filter((r) => r.entity === entity && !r.needsHeader).map((r) => r.base), 0);
}

const EMBEDDED_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const EMBEDDED_PHONE = /(?:\+|\b)\(?\d[\d\s().-]{5,18}\d\b/g;
const EMBEDDED_CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const EMBEDDED_SSN = /\b\d{3}-\d{2}-\d{4}\b/g;
/** Dates (2015-01-31, 31/01/2015, 31.01.2015), times (12:34, 12:34:56.789) and decimals (12.3456). */
const NOT_PHONE_NUMBERS =
  /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b|\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b|(?<![\d.])\d+\.\d+(?![.\d])/g;

/**
 * Entities written inside free text ("call me at 06 12 34 56 78 or mail x@y.fr"), each once per
 * value: e-mail addresses, valid phone numbers, Luhn-valid card numbers and well-formed SSNs.
 */
export function embeddedPii(text: string, ctx: ColumnContext): PiiEntity[] {
  const found: PiiEntity[] = [];
  if (text.includes("@") && (text.match(EMBEDDED_EMAIL)?.length ?? 0) > 0) found.push("email");
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 7) return found;
  const cards: string[] = text.match(EMBEDDED_CARD) ?? [];
  if (cards.some((c) => luhnValid(c))) found.push("credit_card");
  const ssns: string[] = text.match(EMBEDDED_SSN) ?? [];
  if (ssns.some((s) => ssnValid(s))) found.push("us_ssn");
  // Dates, times and decimals hold digit runs a phone pattern would take ("2015-01-01 12:34").
  const phones: string[] = text.replace(NOT_PHONE_NUMBERS, " ").match(EMBEDDED_PHONE) ?? [];
  if (phones.some((p) => !cards.includes(p) && !ssns.includes(p.trim()) && ctx.phones.parse(p.trim()) !== null)) found.push("phone");
  return found;
}

/** How sensitive an entity is, 0–1: what a leak of one value would cost its owner. */
export const ENTITY_SENSITIVITY: Record<PiiEntity, number> = {
  us_ssn: 1,
  credit_card: 1,
  iban: 0.95,
  passport_or_national_id: 0.95,
  api_secret: 1,
  date_of_birth: 0.7,
  street_address: 0.7,
  person_name: 0.6,
  email: 0.6,
  phone: 0.6,
  ip_address: 0.4,
};
