/** field-standardization's `data`: per column its format and the cells each step changed. */
import { z } from "zod";
import { cleaningStepShape } from "./common.js";

export const columnFormatSchema = z.enum(["phone", "email", "country", "date", "text"]);
export const standardizationStepSchema = z.enum(["whitespace", "mapping", "phone", "email", "country", "date", "text", "case", "cluster"]);

export const standardizedColumnSchema = z.strictObject({
  field: z.string(),
  format: columnFormatSchema,
  changed: z.partialRecord(standardizationStepSchema, z.number().int()),
  not_standardized: z.number().int(),
  /** Spelling variant → the spelling it was clustered to. */
  clusters: z.record(z.string(), z.string()),
});

export const standardizationDataSchema = z.strictObject({
  ...cleaningStepShape,
  columns: z.array(standardizedColumnSchema),
  cells_changed: z.number().int(),
});

export type StandardizedColumn = z.infer<typeof standardizedColumnSchema>;
export type StandardizationData = z.infer<typeof standardizationDataSchema>;
