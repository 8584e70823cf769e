/** golden-record-builder's `data`: the entity clusters, the comparisons and the blocking that bounded them. */
import { z } from "zod";

export const blockingStatsSchema = z.strictObject({
  columns: z.array(z.string()),
  keyed_rows: z.number().int(),
  blocks: z.number().int(),
  largest_block: z.number().int(),
  oversized_blocks: z.number().int(),
  pair_budget: z.number().int(),
  compared_pairs: z.number().int(),
});

export const goldenRecordDataSchema = z.strictObject({
  rows: z.number().int(),
  clusters: z.number().int(),
  multi_record_clusters: z.number().int(),
  records_in_multi_record_clusters: z.number().int(),
  largest_cluster: z.number().int(),
  /** Cluster size → how many clusters have it. */
  cluster_sizes: z.array(z.strictObject({ size: z.number().int(), clusters: z.number().int() })),
  compared_pairs: z.number().int(),
  all_pairs: z.number(),
  matched_pairs: z.number().int(),
  refused_merges: z.number().int(),
  unblocked_rows: z.number().int(),
  match_threshold: z.number(),
  compared_fields: z.array(z.strictObject({ column: z.string(), comparison: z.string(), semantic_type: z.string() })),
  blocking: z.array(blockingStatsSchema),
  sample_clusters: z.array(
    z.strictObject({ cluster: z.number().int(), rows: z.array(z.number().int()), min_match_probability: z.number() }),
  ),
});

export type BlockingStats = z.infer<typeof blockingStatsSchema>;
export type GoldenRecordData = z.infer<typeof goldenRecordDataSchema>;
