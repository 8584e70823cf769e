/** survivorship-resolver's `data`: the rule per field, conflicts, and sample clusters with each value's source row. */
import { z } from "zod";

export const survivorshipRuleSchema = z.enum(["most_recent", "most_complete", "most_frequent", "source_priority", "max", "min"]);

export const survivorshipDataSchema = z.strictObject({
  rules: z.record(z.string(), survivorshipRuleSchema),
  clusters_resolved: z.number().int(),
  conflicts_by_field: z.record(z.string(), z.number().int()),
  clusters_with_conflicts: z.number().int(),
  sample: z.array(
    z.strictObject({
      cluster: z.number().int(),
      fields: z.record(z.string(), z.strictObject({ value: z.string().nullable(), source_row: z.number().int().nullable() })),
    }),
  ),
});

export type SurvivorshipData = z.infer<typeof survivorshipDataSchema>;
