/** quarantine-agent's `data`: rows set aside in quarantine.csv, by reason. */
import { z } from "zod";
import { cleaningStepShape, inferredTypeSchema } from "./common.js";

export const quarantineReasonSchema = z.enum(["ragged_row", "unparseable_value", "all_null_row", "rule_violation"]);

export const quarantineDataSchema = z.strictObject({
  ...cleaningStepShape,
  quarantined_rows: z.number().int(),
  by_reason: z.record(quarantineReasonSchema, z.number().int()),
  column_types: z.record(z.string(), inferredTypeSchema),
  /** Ragged records in quarantine.csv whose text was not kept (the reader's spill of them is bounded). */
  ragged_rows_without_text: z.number().int(),
});

export type QuarantineReason = z.infer<typeof quarantineReasonSchema>;
export type QuarantineData = z.infer<typeof quarantineDataSchema>;
