/** null-handler's `data`: placeholder nulls normalised, a strategy per column. */
import { z } from "zod";
import { cleaningStepShape } from "./common.js";

export const nullStrategySchema = z.enum(["drop_row", "fill_mean", "fill_median", "fill_mode", "fill_value", "forward_fill", "leave"]);

export const nullColumnReportSchema = z.strictObject({
  field: z.string(),
  nulls_before: z.number().int(),
  null_share: z.number(),
  strategy: nullStrategySchema,
  fill_value: z.string().nullable(),
  cells_filled: z.number().int(),
  dropped: z.boolean(),
});

export const nullHandlerDataSchema = z.strictObject({
  ...cleaningStepShape,
  null_markers_normalised: z.number().int(),
  rows_dropped: z.number().int(),
  columns_dropped: z.array(z.string()),
  columns: z.array(nullColumnReportSchema),
});

export type NullColumnReport = z.infer<typeof nullColumnReportSchema>;
export type NullHandlerData = z.infer<typeof nullHandlerDataSchema>;
