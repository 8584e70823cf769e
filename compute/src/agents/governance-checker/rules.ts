/**
 * The compliance rules: which columns each framework cares about (PII entities from the scan,
 * health and special-category data and consent flags from headers) and what it requires.
 */
import type * as report from "@agensium/shared";
import type { Severity } from "@agensium/shared";
import type { PiiEntity } from "../../stats/pii-entities.js";
import type { ColumnPii } from "../score-risk/scan-pii.js";

export type Framework = "GDPR" | "CCPA" | "HIPAA" | "PCI-DSS";
export type ProtectiveAction = "mask" | "hash" | "tokenize" | "redact" | "encrypt" | "drop";

export type Finding = report.GovernanceFinding;

const HEALTH =
  /diagnos|icd|medication|prescri|treatment|condition|patient|medical|health|allerg|blood.?type|\bmrn\b|symptom|procedure|lab.?result/i;
const SPECIAL_CATEGORY =
  /race|ethnic|religio|faith|political|party.?affil|trade.?union|union.?member|genetic|\bdna\b|biometric|fingerprint|sexual|orientation|sex.?life|health|diagnos|medical/i;
const CONSENT = /consent|lawful.?basis|legal.?basis|opt.?in|gdpr|marketing.?permission/i;
const OPT_OUT = /do.?not.?sell|opt.?out|ccpa/i;
const CARD_SECURITY_CODE = /\bcvv2?\b|\bcvc\b|security.?code|card.?verification/i;

/** HIPAA's identifiers among our entities (Safe Harbor §164.514(b)(2)). */
const HIPAA_IDENTIFIERS = new Set<PiiEntity>([
  "person_name",
  "street_address",
  "date_of_birth",
  "phone",
  "email",
  "us_ssn",
  "ip_address",
  "passport_or_national_id",
  "credit_card",
  "iban",
]);
/** CCPA §1798.140(ae) sensitive personal information among our entities. */
const CCPA_SENSITIVE = new Set<PiiEntity>(["us_ssn", "passport_or_national_id", "credit_card", "iban", "api_secret"]);

export const ENTITY_ACTION: Record<PiiEntity, ProtectiveAction> = {
  credit_card: "tokenize",
  iban: "tokenize",
  us_ssn: "encrypt",
  passport_or_national_id: "encrypt",
  api_secret: "drop",
  email: "hash",
  phone: "hash",
  ip_address: "hash",
  person_name: "mask",
  street_address: "mask",
  date_of_birth: "redact",
};

export interface ColumnClass {
  name: string;
  entity: PiiEntity | null;
  health: boolean;
  specialCategory: boolean;
  cardSecurityCode: boolean;
}

export function classifyColumns(columns: ColumnPii[]): ColumnClass[] {
  return columns.map((c) => ({
    name: c.name,
    entity: c.entity,
    health: HEALTH.test(c.name),
    specialCategory: SPECIAL_CATEGORY.test(c.name),
    cardSecurityCode: CARD_SECURITY_CODE.test(c.name),
  }));
}

export function evaluate(framework: Framework, columns: ColumnClass[], names: string[]): Finding[] {
  const out: Finding[] = [];
  const add = (f: Omit<Finding, "framework">) => out.push({ framework, ...f });
  const personal = columns.filter((c) => c.entity !== null);
  if (framework === "PCI-DSS") {
    for (const c of columns.filter((c) => c.entity === "credit_card")) {
      add({
        rule: "Req. 3.4",
        severity: "critical",
        field: c.name,
        description: "Primary account numbers are stored unmasked (full, Luhn-valid card numbers)",
      });
    }
    for (const c of columns.filter((c) => c.cardSecurityCode)) {
      add({
        rule: "Req. 3.2",
        severity: "critical",
        field: c.name,
        description: "Card security codes must not be stored after authorisation",
      });
    }
  }
  if (framework === "HIPAA") {
    const identifiers = personal.filter((c) => HIPAA_IDENTIFIERS.has(c.entity!));
    for (const c of columns.filter((c) => c.health)) {
      if (identifiers.length > 0) {
        add({
          rule: "§164.514 PHI",
          severity: "high",
          field: c.name,
          description: `Health data alongside identifiers (${identifiers.map((i) => i.name).join(", ")}) is protected health information`,
        });
      } else {
        add({
          rule: "§164.514(b) Safe Harbor",
          severity: "low",
          field: c.name,
          description: "Health data with no direct identifier found; confirm de-identification",
        });
      }
    }
  }
  if (framework === "GDPR") {
    for (const c of columns.filter((c) => c.specialCategory)) {
      add({
        rule: "Art. 9",
        severity: "high",
        field: c.name,
        description: "Special category data needs an Art. 9(2) condition and strong protection",
      });
    }
    if (personal.length > 0 && !names.some((n) => CONSENT.test(n))) {
      add({
        rule: "Art. 6",
        severity: "medium",
        description: "Personal data with no consent or lawful-basis column recorded alongside it",
      });
    }
    for (const c of personal) {
      add({
        rule: "Art. 32",
        severity: "low",
        field: c.name,
        description: `${c.entity!.replaceAll("_", " ")} stored in clear; pseudonymise or encrypt`,
      });
    }
  }
  if (framework === "CCPA") {
    if (personal.length > 0 && !names.some((n) => OPT_OUT.test(n))) {
      add({ rule: "§1798.120", severity: "medium", description: "Personal information with no do-not-sell / opt-out column" });
    }
    for (const c of personal.filter((c) => CCPA_SENSITIVE.has(c.entity!))) {
      add({
        rule: "§1798.121",
        severity: "high",
        field: c.name,
        description: `Sensitive personal information (${c.entity!.replaceAll("_", " ")}) requires use limitation`,
      });
    }
  }
  return out;
}

const PENALTY: Record<Severity, number> = { critical: 40, high: 25, medium: 10, low: 5, info: 0 };

/** Compliance score: 100 minus 40 / 25 / 10 / 5 per critical / high / medium / low finding, floored at 0. */
export function complianceScore(findings: Finding[]): number {
  return Math.max(0, 100 - findings.reduce((s, f) => s + PENALTY[f.severity], 0));
}

export function actionFor(c: ColumnClass): ProtectiveAction | null {
  if (c.cardSecurityCode) return "drop";
  if (c.entity) return ENTITY_ACTION[c.entity];
  if (c.health || c.specialCategory) return "encrypt";
  return null;
}
