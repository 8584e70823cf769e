/**
 * report.json: the envelope (task, inputs, the reader's own row issues, the AI summary, what was
 * truncated) and one entry per agent, whose `data` is that agent's schema. Built by compute
 * through these types (compute/src/reports), served by GET /tasks/{id}/results.
 */
import { z } from "zod";
import { AGENT_REPORT_DATA, type ReportedAgentId } from "./agents.js";
import { aiSummarySchema } from "./ai-summary.js";
import { alertSchema, issueSchema, recommendationSchema, rowLevelIssueSchema, summaryItemSchema } from "./common.js";

export const sheetSummarySchema = z.strictObject({
  name: z.string(),
  /** Rows with at least one value, header included. */
  rows: z.number().int(),
  /** The widest row's last column with a value. */
  columns: z.number().int(),
  /** The sheet row (1-based) taken as the header: title rows above the table are skipped. */
  header_row: z.number().int(),
});

export const inputSummarySchema = z.strictObject({
  role: z.enum(["primary", "baseline"]),
  format: z.string(),
  columns: z.array(z.string()),
  rows: z.number().int(),
  size_bytes: z.number().int(),
  ragged_rows: z.number().int(),
  /** Ragged records whose text was not kept (past the spill's size bound); quarantine.csv lists them without raw_line. */
  ragged_rows_without_text: z.number().int(),
  /** What the reader found about the input as a whole (ragged records, the sheet it read, …). */
  alerts: z.array(alertSchema),
  /** XLSX: every sheet and the one that was read. */
  sheets: z.array(sheetSummarySchema).optional(),
  sheet: z.string().optional(),
});

/** What report.json says it cut to stay bounded (compute/src/reports/bounded-report.ts). */
export const truncationSchema = z.strictObject({
  string_limit: z.number().int(),
  strings_truncated: z.number().int(),
  row_issue_limit: z.number().int(),
  /** Agents whose `data` was left out to keep report.json under max_bytes. */
  data_omitted: z.array(z.string()),
  max_bytes: z.number().int(),
});

/** An agent's `data` when report.json had to leave it out for size. */
export const omittedDataSchema = z.strictObject({ omitted: z.string() });

const agentOutputShape = {
  status: z.enum(["success", "error", "skipped"]),
  execution_time_ms: z.number(),
  reason: z.string().optional(),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  alerts: z.array(alertSchema),
  issues: z.array(issueSchema),
  recommendations: z.array(recommendationSchema),
  /** The first ones (REPORT_ROW_ISSUE_LIMIT, fewer when the report was truncated); all in row_issues.csv. */
  row_level_issues: z.array(rowLevelIssueSchema),
  /** How many row-level issues the agent found in all. */
  row_level_issues_total: z.number().int(),
  executive_summary: z.array(summaryItemSchema),
};

function reportedAgent<const Id extends ReportedAgentId>(agentId: Id) {
  return z.strictObject({
    ...agentOutputShape,
    agent_id: z.literal(agentId),
    /** null when the agent failed or was skipped. */
    data: z.union([AGENT_REPORT_DATA[agentId], omittedDataSchema]).nullable(),
  });
}

/** One schema per agent id, so a report's entry narrows to its agent's `data` by `agent_id`. */
type ReportedAgentSchema = { [Id in ReportedAgentId]: ReturnType<typeof reportedAgent<Id>> }[ReportedAgentId];

const agentIds = Object.keys(AGENT_REPORT_DATA) as ReportedAgentId[];

export const reportedAgentSchema = z.discriminatedUnion(
  "agent_id",
  agentIds.map((id) => reportedAgent(id)) as unknown as [ReportedAgentSchema, ...ReportedAgentSchema[]],
);

export const reportSchema = z.strictObject({
  task_id: z.string(),
  tool_id: z.string(),
  created_at: z.string(),
  /** true when the run stopped before every agent ran (credits ran out, or the task was cancelled). */
  stopped_early: z.boolean(),
  inputs: z.array(inputSummarySchema),
  /** Row-level findings of the reader itself (ragged rows). */
  input_row_issues: z.array(rowLevelIssueSchema),
  agents: z.array(reportedAgentSchema),
  ai_summary: aiSummarySchema.optional(),
  truncation: truncationSchema.optional(),
});

export type SheetSummary = z.infer<typeof sheetSummarySchema>;
export type InputSummary = z.infer<typeof inputSummarySchema>;
export type Truncation = z.infer<typeof truncationSchema>;
export type ReportJson = z.infer<typeof reportSchema>;
