/** score-risk's `data`: PII entities and risk per column, PII cells (masked), the dataset's risk. */
import { z } from "zod";

export const piiEntitySchema = z.enum([
  "email",
  "phone",
  "credit_card",
  "iban",
  "us_ssn",
  "ip_address",
  "date_of_birth",
  "person_name",
  "street_address",
  "passport_or_national_id",
  "api_secret",
]);

export const piiCellSchema = z.strictObject({
  row: z.number().int(),
  field: z.string(),
  entity: piiEntitySchema,
  score: z.number(),
  /** Masked: the report never echoes a full PII value. */
  value: z.string(),
  kind: z.enum(["pii", "invalid", "embedded"]),
  check: z.string().optional(),
});

export const checksumCountsSchema = z.strictObject({
  entity: piiEntitySchema,
  check: z.string(),
  valid: z.number().int(),
  invalid: z.number().int(),
});

export const embeddedPiiSchema = z.strictObject({ entity: piiEntitySchema, count: z.number().int(), rows: z.array(z.number().int()) });

export const columnPiiSchema = z.strictObject({
  name: z.string(),
  entity: piiEntitySchema.nullable(),
  non_null: z.number().int(),
  matches: z.number().int(),
  share: z.number(),
  mean_score: z.number(),
  risk_score: z.number(),
  entity_counts: z.partialRecord(piiEntitySchema, z.number().int()),
  evidence: z.enum(["value", "column"]).nullable(),
  checksums: z.array(checksumCountsSchema),
  embedded: z.array(embeddedPiiSchema),
});

export const piiScanSchema = z.strictObject({
  rows: z.number().int(),
  columns: z.array(columnPiiSchema),
  cells: z.array(piiCellSchema),
  dataset_risk_score: z.number(),
});

export type PiiEntity = z.infer<typeof piiEntitySchema>;
export type PiiCell = z.infer<typeof piiCellSchema>;
export type ChecksumCounts = z.infer<typeof checksumCountsSchema>;
export type EmbeddedPii = z.infer<typeof embeddedPiiSchema>;
export type ColumnPii = z.infer<typeof columnPiiSchema>;
export type PiiScan = z.infer<typeof piiScanSchema>;
