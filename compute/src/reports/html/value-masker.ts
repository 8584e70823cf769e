/**
 * Every user value report.html prints goes through here. A column any agent recognised as personal
 * data (score-risk, governance-checker, the profiler's masked columns, semantic-mapper's personal
 * types) has all its values masked; any other value is masked when it looks like PII on its own,
 * with the profiler's recognisers and thresholds, and then every value of its column is masked
 * too, so one column never shows some values masked and others not (a "Smith, John" beside a
 * masked "John Smith"). Masking is stats/masking.ts's, as in report.json.
 */
import { PII_HEADER_BOOST, PII_MIN_SCORE } from "../../agents/unified-profiler/column-profile.js";
import { maskValue } from "../../stats/masking.js";
import { detectPii, headerEntities } from "../../stats/pii-entities.js";
import { type ReportData, successData } from "./report-data.js";

/** semantic-mapper types that hold personal data, with the masking entity closest to each. */
const PERSONAL_MASTER_TYPES: Record<string, string> = {
  email: "email",
  phone: "phone",
  first_name: "person_name",
  last_name: "person_name",
  full_name: "person_name",
  address: "street_address",
  date_of_birth: "date_of_birth",
};

type Named = { name?: string; column?: string; entity?: string | null; semantic_type?: string; values_masked?: boolean };

function personalColumns(report: ReportData): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const add = (name: string | undefined, entity: string | undefined) => {
    if (name !== undefined && !out.get(name)) out.set(name, entity);
  };
  for (const id of ["score-risk", "governance-checker"]) {
    const columns = successData<{ columns?: Named[] }>(report, id)?.columns ?? [];
    for (const c of columns) if (c.entity) add(c.name, c.entity);
  }
  const profiled = successData<{ columns?: Named[] }>(report, "unified-profiler")?.columns ?? [];
  for (const c of profiled) if (c.values_masked) add(c.name, undefined);
  const mapped = successData<{ columns?: Named[] }>(report, "semantic-mapper")?.columns ?? [];
  for (const c of mapped)
    if (c.semantic_type && c.semantic_type in PERSONAL_MASTER_TYPES) add(c.column, PERSONAL_MASTER_TYPES[c.semantic_type]);
  for (const [column, values] of shownValues(report)) {
    if (out.has(column)) continue;
    const named = headerEntities(column);
    for (const v of values) {
      const match = detectPii(v, named, PII_HEADER_BOOST);
      if (match && match.score >= PII_MIN_SCORE) {
        add(column, match.entity);
        break;
      }
    }
  }
  return out;
}

type Snapshot = { top_values?: { value: string }[] } | null;

/** The raw user values the report holds outside the profiler (which masks its own), by column. */
function shownValues(report: ReportData): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const push = (column: string | undefined, value: unknown) => {
    if (column === undefined || typeof value !== "string") return;
    const list = out.get(column) ?? [];
    list.push(value);
    out.set(column, list);
  };
  const preview = successData<{
    columns?: { field: string; before: Snapshot; after: Snapshot }[];
    diff_sample?: { field: string; before: string | null; after: string | null }[];
  }>(report, "cleanse-previewer");
  for (const c of preview?.columns ?? [])
    for (const v of [...(c.before?.top_values ?? []), ...(c.after?.top_values ?? [])]) push(c.field, v.value);
  for (const d of preview?.diff_sample ?? []) {
    push(d.field, d.before);
    push(d.field, d.after);
  }
  const survivors = successData<{ sample?: { fields: Record<string, { value: string | null }> }[] }>(report, "survivorship-resolver");
  for (const s of survivors?.sample ?? []) for (const [field, v] of Object.entries(s.fields)) push(field, v.value);
  for (const agent of report.agents) for (const r of agent.row_level_issues) push(r.field, r.value);
  const drift = successData<{ columns?: { column: string; distribution?: { categories?: string[] } }[] }>(report, "drift-detector");
  for (const c of drift?.columns ?? []) for (const v of c.distribution?.categories ?? []) push(c.column, v);
  return out;
}

export class ValueMasker {
  private readonly headers = new Map<string, ReturnType<typeof headerEntities>>();

  constructor(private readonly personal: Map<string, string | undefined>) {}

  isPersonal(column: string): boolean {
    return this.personal.has(column);
  }

  entityOf(column: string): string | undefined {
    return this.personal.get(column);
  }

  /**
   * The value as it may be shown: masked when its column is personal or it looks personal itself.
   * `alreadyMasked` is for values an agent masked before writing them (masking twice garbles them).
   */
  show(column: string | undefined, value: unknown, alreadyMasked = false): string {
    if (value === null || value === undefined) return "";
    const text = String(value);
    if (alreadyMasked) return text;
    if (column !== undefined && this.personal.has(column)) return maskValue(text, this.personal.get(column));
    let named = this.headers.get(column ?? "");
    if (!named) {
      named = headerEntities(column ?? "");
      this.headers.set(column ?? "", named);
    }
    const match = detectPii(text, named, PII_HEADER_BOOST);
    return match && match.score >= PII_MIN_SCORE ? maskValue(text, match.entity) : text;
  }
}

export function valueMasker(report: ReportData): ValueMasker {
  return new ValueMasker(personalColumns(report));
}
