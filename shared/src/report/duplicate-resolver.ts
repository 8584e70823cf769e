/** duplicate-resolver's `data`: exact duplicates removed, fuzzy clusters found. */
import { z } from "zod";
import { cleaningStepShape, valueCountSchema } from "./common.js";

export const fuzzyClusterSchema = z.strictObject({
  id: z.number().int(),
  representative: z.string(),
  values: z.array(valueCountSchema),
  rows: z.array(z.number().int()),
});

export const duplicateDataSchema = z.strictObject({
  ...cleaningStepShape,
  key_columns: z.array(z.string()),
  exact_duplicates_removed: z.number().int(),
  fuzzy_clusters: z.array(fuzzyClusterSchema),
  fuzzy_cluster_count: z.number().int(),
  fuzzy_rows_merged: z.number().int(),
  fuzzy_skipped: z.boolean(),
});

export type FuzzyCluster = z.infer<typeof fuzzyClusterSchema>;
export type DuplicateData = z.infer<typeof duplicateDataSchema>;
