/**
 * The per-cell steps of field-standardization, in order: whitespace, the user's mapping, the
 * column's format (phone → E.164, email lower-case, country → ISO 3166 alpha-2, date → ISO 8601),
 * then case. Each step that changed the value is counted; a value its format cannot read is
 * left as it was and reported.
 */
import type { CleanMyDataParameters } from "@agensium/shared";
import { toE164 } from "../../stats/phone-numbers.js";
import { toCountryCode } from "./country-codes.js";
import { toIsoDate } from "./dates.js";

type Params = CleanMyDataParameters["field-standardization"];
export type ColumnFormat = "phone" | "email" | "country" | "date" | "text";
export type CaseRule = "lower" | "upper" | "title" | "keep";
export type StepName = "whitespace" | "mapping" | ColumnFormat | "case";

export interface ColumnPlan {
  format: ColumnFormat;
  mapping: Record<string, string> | null;
  caseRule: CaseRule;
}

const HEADER_FORMATS: [ColumnFormat, RegExp][] = [
  ["phone", /phone|mobile|\btel\b|telephone|\bfax\b|\bcell\b/i],
  ["email", /e-?mail/i],
  ["country", /country|nation/i],
  ["date", /(^|[\s_-])(date|dob|birthdate|birthday)($|[\s_-])/i],
  // camelCase headers (signupDate), without catching words that merely end in "date" (update).
  ["date", /[a-z]Date$/],
];

/** Each column's format: from the parameters when given, else from its header. */
export function planColumns(columns: string[], p: Params): ColumnPlan[] {
  const listed: Record<Exclude<ColumnFormat, "text">, string[] | undefined> = {
    phone: p.phone_columns,
    email: p.email_columns,
    country: p.country_columns,
    date: p.date_columns,
  };
  return columns.map((name) => {
    let format: ColumnFormat = "text";
    for (const [candidate, header] of HEADER_FORMATS) {
      const chosen = listed[candidate as Exclude<ColumnFormat, "text">];
      if (chosen ? chosen.includes(name) : header.test(name)) {
        format = candidate;
        break;
      }
    }
    return { format, mapping: p.mappings[name] ?? null, caseRule: p.case[name] ?? "keep" };
  });
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s\-'/(])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}

export interface CellResult {
  value: string;
  steps: StepName[];
  /** The format that could not read the value, when one failed. */
  failed: ColumnFormat | null;
}

export function standardizeCell(raw: string, plan: ColumnPlan, p: Params): CellResult {
  const steps: StepName[] = [];
  let value = raw;
  let failed: ColumnFormat | null = null;
  const step = (name: StepName, next: string) => {
    if (next !== value) {
      steps.push(name);
      value = next;
    }
  };
  if (p.trim_whitespace) step("whitespace", value.trim().replace(/\s+/g, " "));
  if (plan.mapping && Object.hasOwn(plan.mapping, value)) step("mapping", plan.mapping[value]);
  if (value !== "") {
    let formatted: string | null = value;
    switch (plan.format) {
      case "phone":
        formatted = toE164(value, p.phone_default_country);
        break;
      case "email":
        formatted = value.trim().toLowerCase();
        break;
      case "country":
        formatted = toCountryCode(value);
        break;
      case "date":
        formatted = toIsoDate(value, p.date_order);
        break;
      case "text":
        break;
    }
    if (formatted === null) failed = plan.format;
    else step(plan.format, formatted);
  }
  if (plan.caseRule !== "keep") {
    step("case", plan.caseRule === "lower" ? value.toLowerCase() : plan.caseRule === "upper" ? value.toUpperCase() : titleCase(value));
  }
  return { value, steps, failed };
}
