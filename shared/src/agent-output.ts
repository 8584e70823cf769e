/** The common output every agent returns (docs/AGENTS.md). `data` is agent-specific. */
export type Severity = "critical" | "high" | "medium" | "low" | "info";

export interface Alert {
  id: string;
  severity: Severity;
  category: string;
  field?: string;
  message: string;
  metric?: string;
  value?: number | string;
  threshold?: number | string;
}

export interface Issue {
  id: string;
  type: string;
  severity: Severity;
  field?: string;
  count: number;
  description: string;
}

export interface Recommendation {
  id: string;
  priority: "high" | "medium" | "low";
  action: string;
  field?: string;
  rationale: string;
}

export interface RowLevelIssue {
  /** 1-based data row in the file the user uploaded. */
  row: number;
  /** 1-based physical line of the file where the record starts (CSV/TSV/NDJSON inputs), when known. */
  line_number?: number;
  row_key?: string;
  field?: string;
  issue_type: string;
  value: string | number | boolean | null;
  message: string;
  severity: Severity;
}

export interface SummaryItem {
  title: string;
  value: string | number;
  status: "good" | "warning" | "critical";
  description: string;
}

export interface AgentOutput<TData = unknown> {
  status: "success" | "error" | "skipped";
  agent_id: string;
  execution_time_ms: number;
  reason?: string;
  error?: { code: string; message: string };
  alerts: Alert[];
  issues: Issue[];
  recommendations: Recommendation[];
  row_level_issues: RowLevelIssue[];
  executive_summary: SummaryItem[];
  data: TData;
}

/** Rows kept inline in report.json / report.xlsx; the full list goes to row_issues.csv. */
export const REPORT_ROW_ISSUE_LIMIT = 1_000;
