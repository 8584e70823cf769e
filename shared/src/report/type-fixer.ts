/** type-fixer's `data`: the target type per column and how many cells converted. */
import { z } from "zod";
import { cleaningStepShape, inferredTypeSchema } from "./common.js";

export const typeColumnReportSchema = z.strictObject({
  field: z.string(),
  type: inferredTypeSchema,
  /** true when the type was inferred, false when the parameters named it. */
  inferred: z.boolean(),
  converted: z.number().int(),
  failed: z.number().int(),
  trimmed: z.number().int(),
});

export const typeFixerDataSchema = z.strictObject({
  ...cleaningStepShape,
  columns: z.array(typeColumnReportSchema),
  cells_converted: z.number().int(),
  cells_failed: z.number().int(),
});

export type TypeColumnReport = z.infer<typeof typeColumnReportSchema>;
export type TypeFixerData = z.infer<typeof typeFixerDataSchema>;
