/**
 * The `ai_summary` block of report.json: a short executive summary and the top actions, each
 * citing the ids of alerts, issues or recommendations the report holds. `ai_written: false`
 * means it was built from the findings without a model, and `note` says why.
 */
import { z } from "zod";

export const aiSummaryActionSchema = z.strictObject({ text: z.string(), cites: z.array(z.string()) });

export const aiSummarySchema = z.strictObject({
  text: z.string(),
  actions: z.array(aiSummaryActionSchema),
  cites: z.array(z.string()),
  ai_written: z.boolean(),
  model: z.string().nullable(),
  created_at: z.string(),
  note: z.string().optional(),
});

export type AiSummaryAction = z.infer<typeof aiSummaryActionSchema>;
export type AiSummary = z.infer<typeof aiSummarySchema>;
