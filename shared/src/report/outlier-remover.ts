/** outlier-remover's `data`: the bounds per numeric column and what was done to the values outside. */
import { z } from "zod";
import { cleaningStepShape } from "./common.js";

export const outlierMethodSchema = z.enum(["zscore", "modified_zscore", "iqr", "log_iqr"]);

export const outlierColumnReportSchema = z.strictObject({
  field: z.string(),
  /** The method applied to this column (`auto` picks one per column). */
  method: outlierMethodSchema,
  values: z.number().int(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  center: z.number().nullable(),
  spread: z.number().nullable(),
  outliers: z.number().int(),
});

export const outlierDataSchema = z.strictObject({
  ...cleaningStepShape,
  method: z.union([z.literal("auto"), outlierMethodSchema]),
  action: z.enum(["remove", "flag", "cap", "null"]),
  columns: z.array(outlierColumnReportSchema),
  outlier_cells: z.number().int(),
  rows_affected: z.number().int(),
});

export type OutlierColumnReport = z.infer<typeof outlierColumnReportSchema>;
export type OutlierData = z.infer<typeof outlierDataSchema>;
