/** lineage-tracer's `data`: the sources, where each output row comes from, and column-level lineage. */
import { z } from "zod";

export const columnLineageSchema = z.strictObject({
  output_file: z.string(),
  column: z.string(),
  inputs: z.array(z.strictObject({ file: z.string(), column: z.string() })),
  transformation: z.string(),
  canonical_name: z.string().optional(),
  semantic_type: z.string().nullable().optional(),
  contract_checks: z.array(z.string()).optional(),
});

export const sourceLineageSchema = z.strictObject({
  file: z.string(),
  role: z.string(),
  format: z.string(),
  rows: z.number().int(),
  first_row: z.number().int().nullable(),
  last_row: z.number().int().nullable(),
  missing_rows: z.number().int(),
  columns: z.array(z.strictObject({ name: z.string(), non_blank: z.number().int(), fingerprint: z.string() })),
});

export const lineageDataSchema = z.strictObject({
  sources: z.array(sourceLineageSchema),
  /** Output file → how its rows point back at source rows. */
  row_lineage: z.record(z.string(), z.string()),
  columns: z.array(columnLineageSchema),
});

export type ColumnLineage = z.infer<typeof columnLineageSchema>;
export type SourceLineage = z.infer<typeof sourceLineageSchema>;
export type LineageData = z.infer<typeof lineageDataSchema>;
