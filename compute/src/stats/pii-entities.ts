/**
 * PII recognisers in Presidio's scheme: a pattern gives a base score; a checksum or rule check
 * sets it to 1.0 when it passes and drops the candidate when it fails; a header naming the
 * entity adds a context boost.
 */
import { ibanValid, luhnValid, ssnValid } from "./checksums.js";

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

interface Recognizer {
  entity: PiiEntity;
  pattern: RegExp;
  base: number;
  /** true → score 1.0; false → not this entity; undefined → no checksum for this entity. */
  validate?: (text: string) => boolean;
  /** A rule check, not a checksum (SSN): passing keeps the base score, failing still rules out. */
  ruleOnly?: boolean;
  header: RegExp;
  /** Only counted when the header names the entity (values alone are too ambiguous). */
  needsHeader?: boolean;
  /** A cheap test on the value's character counts that rules most values out before the regex. */
  gate: (f: Features) => boolean;
}

interface Features {
  length: number;
  digits: number;
  letters: number;
  at: boolean;
  first: number;
}

function features(text: string): Features {
  let digits = 0;
  let letters = 0;
  let at = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 191) letters++;
    else if (c === 64) at = true;
  }
  return { length: text.length, digits, letters, at, first: text.charCodeAt(0) };
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isDigit = (c: number) => c >= 48 && c <= 57;

const RECOGNIZERS: Recognizer[] = [
  { entity: "email", gate: (f) => f.at, pattern: /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, base: 0.85, header: /e-?mail/i },
  {
    entity: "credit_card",
    gate: (f) => f.digits >= 12 && f.letters === 0,
    pattern: /^(?:\d[ -]?){12,18}\d$/,
    base: 0.3,
    validate: luhnValid,
    header: /card|\bcc\b|pan|credit/i,
  },
  {
    entity: "iban",
    gate: (f) => f.digits >= 8 && f.letters >= 2,
    pattern: /^[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}$/i,
    base: 0.5,
    validate: ibanValid,
    header: /iban|account|bank/i,
  },
  {
    entity: "us_ssn",
    gate: (f) => f.digits === 9 && f.letters === 0,
    pattern: /^\d{3}[- ]?\d{2}[- ]?\d{4}$/,
    base: 0.5,
    validate: ssnValid,
    ruleOnly: true,
    header: /ssn|social.?security/i,
  },
  {
    entity: "ip_address",
    gate: (f) => f.length >= 7 && !f.at,
    pattern: /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$|^(?=.*:)[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}$/,
    base: 0.6,
    header: /\bip\b|ip_?addr|ipv[46]/i,
  },
  {
    entity: "phone",
    gate: (f) => f.digits >= 7 && f.letters === 0,
    pattern: /^\+?\d{0,3}[\s.-]?\(?\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}$/,
    base: 0.4,
    header: /phone|mobile|\btel\b|cell/i,
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
    gate: (f) => f.length >= 16 && f.digits > 0,
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
    entity: "person_name",
    gate: (f) => isUpper(f.first) && f.digits === 0 && !f.at,
    pattern: /^[A-Z][a-zà-ÿ'-]+(?: [A-Z][a-zà-ÿ'-]+){0,2}$/,
    base: 0.2,
    header: /(^|_|\b)(first|last|full|sur|given|middle)?_?name$|customer|patient|employee/i,
  },
];

export interface PiiMatch {
  entity: PiiEntity;
  score: number;
}

/** Which entities the header names (for the context boost). */
export function headerEntities(header: string): Set<PiiEntity> {
  return new Set(RECOGNIZERS.filter((r) => r.header.test(header)).map((r) => r.entity));
}

/** The best-scoring entity for one value, with the header boost applied, or null. */
export function detectPii(value: string, headerNamed: Set<PiiEntity>, headerBoost: number): PiiMatch | null {
  const text = value.trim();
  if (text.length < 3 || text.length > 120) return null;
  const f = features(text);
  let best: PiiMatch | null = null;
  for (const r of RECOGNIZERS) {
    const named = headerNamed.has(r.entity);
    if (r.needsHeader && !named) continue;
    if (!r.gate(f) || !r.pattern.test(text)) continue;
    let score = r.base;
    if (r.validate) {
      if (!r.validate(text)) continue;
      if (!r.ruleOnly) score = 1;
    }
    if (named) score = Math.min(1, score + headerBoost);
    if (!best || score > best.score) best = { entity: r.entity, score };
  }
  return best;
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
