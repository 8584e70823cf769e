/**
 * What entity resolution compares and blocks on, chosen from the columns' semantic types (or
 * the user's blocking keys): email, phone, names, postcode, date of birth, non-unique ids,
 * address, city, company. Surrogate ids (unique per row) are left out: they never agree.
 */
import { EngineError } from "../../engine/types.js";
import type { ColumnMapping } from "./column-mapping.js";
import { type ComparisonKind, comparable } from "./fellegi-sunter.js";
import { nameTokens } from "./similarity/normalize.js";
import { nysiis } from "./similarity/nysiis.js";

export interface ComparedField {
  column: string;
  index: number;
  kind: ComparisonKind;
  semanticType: string;
}

export interface BlockingRule {
  columns: string[];
  indexes: number[];
}

export interface MatchPlan {
  fields: ComparedField[];
  rules: BlockingRule[];
}

const KIND_OF: Record<string, ComparisonKind> = {
  first_name: "name",
  last_name: "name",
  full_name: "name",
  email: "email",
  phone: "phone",
  id: "id",
  postcode: "postcode",
  date_of_birth: "date",
  address: "text",
  city: "text",
  company: "text",
};

/** An id column whose values are (nearly) all different is a row number, not an entity key. */
const SURROGATE_DISTINCT_SHARE = 0.98;

export function planMatching(columns: string[], mapping: ColumnMapping[], blockingKeys: string[][] | undefined): MatchPlan {
  const fields: ComparedField[] = [];
  for (const m of mapping) {
    const kind = m.semantic_type ? KIND_OF[m.semantic_type] : undefined;
    if (!kind || !m.semantic_type) continue;
    if (kind === "id" && m.distinct_share >= SURROGATE_DISTINCT_SHARE) continue;
    fields.push({ column: m.column, index: columns.indexOf(m.column), kind, semanticType: m.semantic_type });
  }
  const byType = (type: string) => fields.find((f) => f.semanticType === type)?.column;
  let ruleColumns: string[][];
  if (blockingKeys) {
    for (const column of blockingKeys.flat()) {
      if (!columns.includes(column)) throw new EngineError("PARAMETERS_INVALID", `Blocking key column "${column}" is not in the file`);
    }
    ruleColumns = blockingKeys;
  } else {
    const email = byType("email");
    const phone = byType("phone");
    const last = byType("last_name") ?? byType("full_name");
    const first = byType("first_name");
    const postcode = byType("postcode");
    const dob = byType("date_of_birth");
    const id = fields.find((f) => f.kind === "id")?.column;
    ruleColumns = [
      email ? [email] : [],
      phone ? [phone] : [],
      last && postcode ? [last, postcode] : [],
      last && dob ? [last, dob] : [],
      last && first && !postcode && !dob ? [first, last] : [],
      id ? [id] : [],
    ].filter((r) => r.length > 0);
  }
  return { fields, rules: ruleColumns.map((cols) => ({ columns: cols, indexes: cols.map((c) => columns.indexOf(c)) })) };
}

/** A value's blocking form: names by their phonetic key, everything else by its comparable form. */
export function blockingPart(field: ComparedField | undefined, value: string): string {
  if (!field) return comparable("text", value);
  if (field.kind === "name") return nameTokens(value).map(nysiis).sort().join(" ");
  return comparable(field.kind, value, field.semanticType === "full_name");
}
