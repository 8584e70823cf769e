/** cleanse-previewer's `data`: before and after per column, and a sample of changed cells. */
import { z } from "zod";
import { valueCountSchema } from "./common.js";

export const columnSnapshotSchema = z.strictObject({
  nulls: z.number().int(),
  null_share: z.number(),
  distinct: z.number().int(),
  top_values: z.array(valueCountSchema),
});

export const previewColumnSchema = z.strictObject({
  field: z.string(),
  status: z.enum(["kept", "added", "removed"]),
  before: columnSnapshotSchema.nullable(),
  after: columnSnapshotSchema.nullable(),
  cells_changed: z.number().int(),
});

export const cellDiffSchema = z.strictObject({
  row: z.number().int(),
  field: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const previewDataSchema = z.strictObject({
  rows_before: z.number().int(),
  rows_after: z.number().int(),
  rows_removed: z.number().int(),
  cells_changed: z.number().int(),
  columns: z.array(previewColumnSchema),
  diff_sample: z.array(cellDiffSchema),
});

export type ColumnSnapshot = z.infer<typeof columnSnapshotSchema>;
export type PreviewColumn = z.infer<typeof previewColumnSchema>;
export type CellDiff = z.infer<typeof cellDiffSchema>;
export type PreviewData = z.infer<typeof previewDataSchema>;
