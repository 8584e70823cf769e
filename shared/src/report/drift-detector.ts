/** drift-detector's `data`: schema drift, one test per column, dataset drift. Null when skipped (no baseline). */
import { z } from "zod";

export const driftDistributionSchema = z.strictObject({
  bin_edges: z.array(z.number()).optional(),
  categories: z.array(z.string()).optional(),
  other: z.strictObject({ baseline: z.number(), current: z.number() }).optional(),
  baseline: z.array(z.number()),
  current: z.array(z.number()),
});

export const columnDriftSchema = z.strictObject({
  column: z.string(),
  kind: z.enum(["numeric", "categorical"]),
  test: z.enum(["ks", "z_test", "chi_square", "wasserstein_normed", "jensen_shannon"]),
  statistic: z.number(),
  p_value: z.number().nullable(),
  distance: z.number().nullable(),
  threshold: z.number(),
  drift: z.boolean(),
  /** Degrees of freedom of the chi-square test. */
  dof: z.number().int().nullable(),
  p_value_method: z.enum(["exact", "asymptotic"]).nullable(),
  psi: z.number(),
  psi_edges: z.array(z.number()).nullable(),
  psi_level: z.enum(["none", "moderate", "major"]),
  distribution: driftDistributionSchema,
});

export const driftDataSchema = z.strictObject({
  baseline_rows: z.number().int(),
  current_rows: z.number().int(),
  schema: z.strictObject({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    retyped: z.array(z.strictObject({ column: z.string(), baseline: z.string(), current: z.string() })),
  }),
  columns: z.array(columnDriftSchema),
  drifted_columns: z.number().int(),
  drift_share: z.number(),
  dataset_drift: z.boolean(),
  not_compared: z.array(z.strictObject({ column: z.string(), reason: z.string() })),
});

export type DriftDistribution = z.infer<typeof driftDistributionSchema>;
export type ColumnDrift = z.infer<typeof columnDriftSchema>;
export type DriftData = z.infer<typeof driftDataSchema>;
