/** The common output every agent returns (docs/AGENTS.md); the item types are those of report.json's schemas. `data` is agent-specific. */
import type { z } from "zod";
import type {
  alertSchema,
  issueSchema,
  recommendationSchema,
  rowLevelIssueSchema,
  severitySchema,
  summaryItemSchema,
} from "./report/common.js";

export type Severity = z.infer<typeof severitySchema>;
export type Alert = z.infer<typeof alertSchema>;
export type Issue = z.infer<typeof issueSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type RowLevelIssue = z.infer<typeof rowLevelIssueSchema>;
export type SummaryItem = z.infer<typeof summaryItemSchema>;

export interface AgentOutput<TData = unknown> {
  status: "success" | "error" | "skipped";
  agent_id: string;
  execution_time_ms: number;
  reason?: string;
  error?: { code: string; message: string };
  alerts: Alert[];
  issues: Issue[];
  recommendations: Recommendation[];
  /** The first ones when the runner spilled the rest to disk (row_issues.csv has every one). */
  row_level_issues: RowLevelIssue[];
  /** How many row-level issues the agent found in all; absent, row_level_issues is the whole list. */
  row_level_issues_total?: number;
  executive_summary: SummaryItem[];
  data: TData;
}

/** Rows kept inline in report.json / report.xlsx; the full list goes to row_issues.csv. */
export const REPORT_ROW_ISSUE_LIMIT = 1_000;
