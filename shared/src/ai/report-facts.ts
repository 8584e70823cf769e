/**
 * What a model may be told about a report: its own figures — inputs, readiness, the agents'
 * headline items, alerts, issues, recommendations and per-column statistics — compacted to a
 * size budget, most severe first. Never a row, a row-level issue or a sample value: top
 * values, categories, patterns and examples are left out for every column, and for the
 * columns score-risk or governance-checker flag as personal data every value-bearing
 * statistic (min, max, mean, lengths, dates) goes too, so only counts remain.
 * Both compute (the report's AI summary) and the edge (POST /chat) build their prompts here.
 */
import type { AgentOutput, SummaryItem } from "../agent-output.js";
import type { AiSummary } from "./summary.js";

/** report.json as the readers see it; everything is checked, since the edge reads it back from storage. */
export interface ReportLike {
  tool_id?: unknown;
  stopped_early?: unknown;
  inputs?: unknown;
  agents?: unknown;
  ai_summary?: unknown;
}

export interface FindingFact {
  id: string;
  kind: "alert" | "issue" | "recommendation";
  agent_id: string;
  severity: string;
  field?: string;
  text: string;
  category?: string;
  metric?: string;
  value?: number;
  threshold?: number;
  count?: number;
}

export interface ColumnFact {
  name: string;
  personal_data: boolean;
  type?: string;
  semantic_type?: string;
  count?: number;
  nulls?: number;
  null_share?: number;
  distinct?: number;
  unique_ratio?: number;
  mean?: number;
  std?: number;
  min?: number;
  max?: number;
  date_min?: string;
  date_max?: string;
  whitespace?: number;
  mixed_type_count?: number;
}

export interface ReportFacts {
  tool_id: string;
  stopped_early: boolean;
  inputs: { role: string; format: string; rows: number; columns: number; column_names: string[]; ragged_rows: number }[];
  readiness: { overall: number; grade: string; dimensions: { dimension: string; score: number }[] } | null;
  personal_data_columns: { name: string; entity: string | null; risk_score?: number; action?: string | null }[];
  agents: {
    agent_id: string;
    status: string;
    reason?: string;
    error?: string;
    summary: { title: string; value: string | number; status: string; description: string }[];
    row_level_issues: number;
  }[];
  findings: FindingFact[];
  columns: ColumnFact[];
  previous_summary?: { text: string; ai_written: boolean };
  /** How many findings and columns the budget left out, so a reader knows the list is partial. */
  omitted: { findings: number; columns: number };
}

type Json = Record<string, unknown>;

const COLUMN_NAME_LIMIT = 200;
const TEXT_LIMIT = 300;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const text = (v: unknown, limit = TEXT_LIMIT): string | undefined => (typeof v === "string" ? v.slice(0, limit) : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? round(v) : undefined);

/** Four significant digits: enough to talk about, and short. */
function round(x: number): number {
  if (Number.isInteger(x) || x === 0) return x;
  return Number(x.toPrecision(4));
}

function agentsOf(report: ReportLike): AgentOutput[] {
  return objects(report.agents).filter((a) => typeof a.agent_id === "string") as unknown as AgentOutput[];
}

function dataOf(agents: AgentOutput[], agentId: string): Json | undefined {
  const agent = agents.find((a) => a.agent_id === agentId && a.status === "success");
  return isObject(agent?.data) ? (agent.data as Json) : undefined;
}

/** Columns flagged as personal data by score-risk, governance-checker or the profiler's own masking. */
export function personalDataColumns(report: ReportLike): Set<string> {
  const agents = agentsOf(report);
  const names = new Set<string>();
  for (const c of objects(dataOf(agents, "score-risk")?.columns)) if (c.entity) names.add(String(c.name));
  const governance = dataOf(agents, "governance-checker");
  for (const c of objects(governance?.columns)) if (c.action || c.entity || c.health || c.special_category) names.add(String(c.name));
  for (const name of Array.isArray(governance?.withheld_statistics) ? governance.withheld_statistics : []) names.add(String(name));
  for (const c of objects(dataOf(agents, "unified-profiler")?.columns)) {
    if (c.values_masked === true || c.statistics_withheld === true) names.add(String(c.name));
  }
  return names;
}

/** Every alert, issue and recommendation id in the report: what a summary may cite. */
export function findingIds(report: ReportLike): Set<string> {
  const ids = new Set<string>();
  for (const agent of agentsOf(report)) {
    for (const list of [agent.alerts, agent.issues, agent.recommendations]) {
      for (const item of objects(list)) if (typeof item.id === "string") ids.add(item.id);
    }
  }
  return ids;
}

const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

function findingFacts(agents: AgentOutput[]): FindingFact[] {
  const facts: FindingFact[] = [];
  for (const agent of agents) {
    const base = (item: Json, kind: FindingFact["kind"], severity: unknown, body: unknown): FindingFact | undefined => {
      if (typeof item.id !== "string") return undefined;
      const fact: FindingFact = {
        id: item.id,
        kind,
        agent_id: agent.agent_id,
        severity: String(severity ?? "info"),
        text: text(body) ?? "",
      };
      const field = text(item.field, 200);
      if (field) fact.field = field;
      return fact;
    };
    for (const a of objects(agent.alerts)) {
      const fact = base(a, "alert", a.severity, a.message);
      if (!fact) continue;
      // Only numeric measures: a string `value` could be a cell of the column.
      Object.assign(
        fact,
        prune({ category: text(a.category, 60), metric: text(a.metric, 60), value: num(a.value), threshold: num(a.threshold) }),
      );
      facts.push(fact);
    }
    for (const i of objects(agent.issues)) {
      const fact = base(i, "issue", i.severity, i.description);
      if (!fact) continue;
      Object.assign(fact, prune({ category: text(i.type, 60), count: num(i.count) }));
      facts.push(fact);
    }
    for (const r of objects(agent.recommendations)) {
      const action = text(r.action) ?? "";
      const rationale = text(r.rationale);
      const fact = base(r, "recommendation", r.priority, rationale ? `${action} — ${rationale}` : action);
      if (fact) facts.push(fact);
    }
  }
  // Stable sort: within one severity the report's own order stays.
  return facts
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (RANK[a.f.severity] ?? 5) - (RANK[b.f.severity] ?? 5) || a.i - b.i)
    .map(({ f }) => f);
}

function prune<T extends Json>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function columnFacts(agents: AgentOutput[], personal: Set<string>): ColumnFact[] {
  return objects(dataOf(agents, "unified-profiler")?.columns).map((c) => {
    const name = String(c.name);
    const isPersonal = personal.has(name);
    const counts: ColumnFact = {
      name,
      personal_data: isPersonal,
      ...prune({
        type: text(c.inferred_type, 40),
        semantic_type: text(c.semantic_type, 40),
        count: num(c.count),
        nulls: num(c.nulls),
        null_share: num(c.null_share),
        distinct: num(c.distinct),
        unique_ratio: num(c.unique_ratio),
        whitespace: num(c.whitespace),
        mixed_type_count: num(c.mixed_type_count),
      }),
    };
    if (isPersonal) return counts;
    const isDate = typeof c.inferred_type === "string" && c.inferred_type.startsWith("date");
    return {
      ...counts,
      ...prune({
        mean: num(c.mean),
        std: num(c.std),
        // min/max are values of the column; kept only when they are numbers (text min/max would be cells).
        min: num(c.min),
        max: num(c.max),
        date_min: isDate ? text(c.date_min, 40) : undefined,
        date_max: isDate ? text(c.date_max, 40) : undefined,
      }),
    };
  });
}

function summaryItems(items: unknown): ReportFacts["agents"][number]["summary"] {
  return objects(items).map((s) => {
    const item = s as unknown as SummaryItem;
    return {
      title: text(item.title, 100) ?? "",
      value: typeof item.value === "number" ? round(item.value) : (text(item.value, 100) ?? ""),
      status: text(item.status, 20) ?? "",
      description: text(item.description) ?? "",
    };
  });
}

function readinessOf(agents: AgentOutput[]): ReportFacts["readiness"] {
  const data = dataOf(agents, "readiness-rater");
  const overall = num(data?.overall);
  if (!data || overall === undefined) return null;
  return {
    overall,
    grade: text(data.grade, 40) ?? "",
    dimensions: objects(data.dimensions)
      .filter((d) => d.measured !== false)
      .map((d) => ({ dimension: String(d.dimension), score: num(d.score) ?? 0 })),
  };
}

function personalColumnList(agents: AgentOutput[], personal: Set<string>): ReportFacts["personal_data_columns"] {
  const risk = new Map(objects(dataOf(agents, "score-risk")?.columns).map((c) => [String(c.name), c]));
  const governance = new Map(objects(dataOf(agents, "governance-checker")?.columns).map((c) => [String(c.name), c]));
  return [...personal].map((name) => {
    const entity = risk.get(name)?.entity ?? governance.get(name)?.entity ?? null;
    return {
      name,
      entity: typeof entity === "string" ? entity : null,
      ...prune({ risk_score: num(risk.get(name)?.risk_score), action: text(governance.get(name)?.action, 40) }),
    };
  });
}

/**
 * The report's facts within `maxChars` of JSON: the overview always, then findings most severe
 * first, then column statistics, each kept while it fits.
 */
export function reportFacts(report: ReportLike, options: { maxChars: number }): ReportFacts {
  const agents = agentsOf(report);
  const personal = personalDataColumns(report);
  const previous = isObject(report.ai_summary) ? (report.ai_summary as unknown as AiSummary) : undefined;
  const facts: ReportFacts = {
    tool_id: String(report.tool_id ?? ""),
    stopped_early: report.stopped_early === true,
    inputs: objects(report.inputs).map((i) => {
      const columns = Array.isArray(i.columns) ? i.columns.map(String) : [];
      return {
        role: String(i.role ?? ""),
        format: String(i.format ?? ""),
        rows: num(i.rows) ?? 0,
        columns: columns.length,
        column_names: columns.slice(0, COLUMN_NAME_LIMIT).map((c) => c.slice(0, 100)),
        ragged_rows: num(i.ragged_rows) ?? 0,
      };
    }),
    readiness: readinessOf(agents),
    personal_data_columns: personalColumnList(agents, personal),
    agents: agents.map((a) => ({
      agent_id: a.agent_id,
      status: String(a.status),
      // The error's code only: an exception's message may quote a cell.
      ...prune({ reason: text(a.reason), error: text(isObject(a.error) ? a.error.code : undefined, 60) }),
      summary: summaryItems(a.executive_summary),
      row_level_issues: num((a as { row_level_issues_total?: unknown }).row_level_issues_total) ?? objects(a.row_level_issues).length,
    })),
    findings: [],
    columns: [],
    ...(previous && typeof previous.text === "string"
      ? { previous_summary: { text: previous.text.slice(0, 2_000), ai_written: previous.ai_written === true } }
      : {}),
    omitted: { findings: 0, columns: 0 },
  };
  const allFindings = findingFacts(agents);
  const allColumns = columnFacts(agents, personal);
  let size = JSON.stringify(facts).length;
  const fits = (item: unknown) => {
    const cost = JSON.stringify(item).length + 1;
    if (size + cost > options.maxChars) return false;
    size += cost;
    return true;
  };
  // Once one item does not fit, smaller later ones are still tried: the budget is filled, not cut at the first miss.
  for (const f of allFindings) if (fits(f)) facts.findings.push(f);
  for (const c of allColumns) if (fits(c)) facts.columns.push(c);
  facts.omitted = { findings: allFindings.length - facts.findings.length, columns: allColumns.length - facts.columns.length };
  return facts;
}
