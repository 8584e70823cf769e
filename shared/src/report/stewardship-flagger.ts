/** stewardship-flagger's `data`: the stewardship queue's length by reason, and its first entries. */
import { z } from "zod";

export const stewardshipReasonSchema = z.enum([
  "low_match_score",
  "large_cluster",
  "size_guard",
  "conflicting_values",
  "missing_key_fields",
]);

export const queueEntrySchema = z.strictObject({
  priority: z.enum(["high", "medium", "low"]),
  reason: stewardshipReasonSchema,
  master_id: z.string(),
  cluster_size: z.number().int(),
  source_rows: z.array(z.number().int()),
  field: z.string(),
  detail: z.string(),
});

export const stewardshipDataSchema = z.strictObject({
  queue_length: z.number().int(),
  by_reason: z.record(stewardshipReasonSchema, z.number().int()),
  key_fields: z.array(z.string()),
  sample: z.array(queueEntrySchema),
});

export type QueueEntry = z.infer<typeof queueEntrySchema>;
export type StewardshipData = z.infer<typeof stewardshipDataSchema>;
