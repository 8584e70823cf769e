/**
 * The pieces every part of report.json shares: the common output of an agent (docs/AGENTS.md),
 * value counts, histograms and the cleaning steps. Strict objects: a field the report writes but
 * the schema lacks fails the report test, and a field renamed here fails the compute build.
 */
import { z } from "zod";

export const severitySchema = z.enum(["critical", "high", "medium", "low", "info"]);

export const alertSchema = z.strictObject({
  id: z.string(),
  severity: severitySchema,
  category: z.string(),
  field: z.string().optional(),
  message: z.string(),
  metric: z.string().optional(),
  value: z.union([z.number(), z.string()]).optional(),
  threshold: z.union([z.number(), z.string()]).optional(),
});

export const issueSchema = z.strictObject({
  id: z.string(),
  type: z.string(),
  severity: severitySchema,
  field: z.string().optional(),
  count: z.number(),
  description: z.string(),
});

export const recommendationSchema = z.strictObject({
  id: z.string(),
  priority: z.enum(["high", "medium", "low"]),
  action: z.string(),
  field: z.string().optional(),
  rationale: z.string(),
});

export const rowLevelIssueSchema = z.strictObject({
  /** 1-based data row in the file the user uploaded. */
  row: z.number().int(),
  /** 1-based physical line of the file where the record starts (CSV/TSV/NDJSON inputs), when known. */
  line_number: z.number().int().optional(),
  row_key: z.string().optional(),
  field: z.string().optional(),
  issue_type: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  message: z.string(),
  severity: severitySchema,
});

export const summaryItemSchema = z.strictObject({
  title: z.string(),
  value: z.union([z.string(), z.number()]),
  status: z.enum(["good", "warning", "critical"]),
  description: z.string(),
});

/** The value types the engine infers for a column. */
export const inferredTypeSchema = z.enum(["integer", "float", "boolean", "date", "datetime", "string"]);

export const valueCountSchema = z.strictObject({ value: z.string(), count: z.number().int() });

export const histogramSchema = z.strictObject({ bin_edges: z.array(z.number()), counts: z.array(z.number()) });

/** One replayable step of a cleaning run, as recipe.json lists it. */
export const recipeOperationSchema = z.strictObject({
  agent: z.string(),
  operation: z.string(),
  field: z.string().optional(),
  /** Exactly what is needed to apply the step again (strategy, fill value, bounds, mapping…): each operation its own. */
  parameters: z.record(z.string(), z.unknown()),
  /** Rows or cells the step changed, removed or flagged in this run. */
  count: z.number().int(),
});

/** What every cleaning agent's `data` holds, so the writeback and the previewer can read any of them. */
export const cleaningStepShape = {
  rows_in: z.number().int(),
  rows_out: z.number().int(),
  columns_out: z.array(z.string()),
  operations: z.array(recipeOperationSchema),
};
export const cleaningStepSchema = z.strictObject(cleaningStepShape);
