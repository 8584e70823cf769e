/** master-writeback-agent's `data`: golden_records.csv and crosswalk.csv, with stable master ids. */
import { z } from "zod";

export const masterWritebackDataSchema = z.strictObject({
  golden_records: z.number().int(),
  merged_entities: z.number().int(),
  source_records: z.number().int(),
  ids_reused_from_baseline: z.number().int(),
  baseline_records: z.number().int(),
  new_ids: z.number().int(),
  golden_columns: z.array(z.string()),
  crosswalk_columns: z.array(z.string()),
  sample: z.array(z.strictObject({ master_id: z.string(), source_rows: z.array(z.number().int()) })),
});

export type MasterWritebackData = z.infer<typeof masterWritebackDataSchema>;
