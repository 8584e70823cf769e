/** readiness-rater's `data`: the weighted score per dimension and overall, with a grade. */
import { z } from "zod";

export const readinessDimensionSchema = z.enum(["completeness", "validity", "uniqueness", "consistency", "pii_risk", "drift"]);

export const readinessDataSchema = z.strictObject({
  overall: z.number(),
  grade: z.enum(["ready", "needs_review", "not_ready"]),
  dimensions: z.array(
    z.strictObject({
      dimension: readinessDimensionSchema,
      score: z.number(),
      weight: z.number(),
      measured: z.boolean(),
      detail: z.string(),
    }),
  ),
  top_reasons: z.array(z.string()),
});

export type ReadinessData = z.infer<typeof readinessDataSchema>;
