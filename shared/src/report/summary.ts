/** The small summary of a run kept on the task row (`result_summary`): per agent status and a few headline figures. */
import { z } from "zod";
import { summaryItemSchema } from "./common.js";

export const runSummaryAgentSchema = z.strictObject({
  agent_id: z.string(),
  status: z.enum(["success", "error", "skipped"]),
  execution_time_ms: z.number(),
  alerts: z.number().int(),
  critical_alerts: z.number().int(),
  issues: z.number().int(),
  row_issues: z.number().int(),
  reason: z.string().optional(),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  headline: z.array(summaryItemSchema.pick({ title: true, value: true, status: true })),
});

export const runSummarySchema = z.strictObject({
  rows: z.number().int(),
  columns: z.number().int(),
  stopped_early: z.boolean(),
  /** The readiness-rater's score and grade, when it ran and succeeded (completion webhooks carry it). */
  readiness: z.strictObject({ score: z.number(), grade: z.string() }).optional(),
  agents: z.array(runSummaryAgentSchema),
  ai_summary: z.strictObject({ text: z.string(), ai_written: z.boolean(), model: z.string().nullable() }).optional(),
});

export type RunSummary = z.infer<typeof runSummarySchema>;
