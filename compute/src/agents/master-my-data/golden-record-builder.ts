/**
 * golden-record-builder: entity resolution. Blocks on normalised keys (email, phone, name
 * phonetic key + postcode, or the user's), compares records within blocks field by field by
 * semantic type (Jaro-Winkler for names, exact/0.88 for email, Levenshtein 1/2 for ids),
 * scores pairs with Fellegi-Sunter and clusters matches by connected components under a
 * cluster-size guard. Later agents take the clusters from here.
 */
import type * as report from "@agensium/shared";
import {
  type Alert,
  type MasterMyDataParameters,
  masterMyDataParameters,
  type Recommendation,
  type RowLevelIssue,
  type SummaryItem,
} from "@agensium/shared";
import type { Agent, AgentContext } from "../../engine/types.js";
import { attachedResolution, attachResolution } from "./handoff.js";
import { planMatching } from "./match-plan.js";
import { type Resolution, resolveEntities } from "./resolve-entities.js";
import { mappingFrom } from "./semantic-mapper.js";

type Params = MasterMyDataParameters["golden-record-builder"];

export type GoldenRecordData = report.GoldenRecordData;

const SAMPLE_CLUSTERS = 50;

export async function buildResolution(ctx: AgentContext<unknown>, p: Params): Promise<Resolution> {
  const mapping = await mappingFrom(ctx);
  const plan = planMatching(ctx.primary.columns, mapping, p.blocking_keys);
  return resolveEntities(ctx.primary, plan, p, { signal: ctx.signal, progress: ctx.progress, spillDir: ctx.spillDir });
}

/** The clusters of an earlier golden-record-builder in this run, or fresh ones with the default settings. */
export async function resolutionFrom(ctx: AgentContext<unknown>): Promise<Resolution> {
  const earlier = attachedResolution(ctx.previous.get("golden-record-builder"));
  if (earlier) return earlier;
  return buildResolution(ctx, masterMyDataParameters.parse({})["golden-record-builder"]);
}

function membersOf(res: Resolution, cluster: number): number[] {
  return Array.from(res.members.subarray(res.clusterStart[cluster], res.clusterStart[cluster + 1]), (i) => res.sourceRow[i]);
}

export const goldenRecordBuilder: Agent<Params, GoldenRecordData> = {
  id: "golden-record-builder",
  async run(ctx) {
    const p = ctx.parameters;
    const mapping = await mappingFrom(ctx);
    const plan = planMatching(ctx.primary.columns, mapping, p.blocking_keys);
    const res = await resolveEntities(ctx.primary, plan, p, { signal: ctx.signal, progress: ctx.progress, spillDir: ctx.spillDir });

    let multi = 0;
    let inMulti = 0;
    let largest = 0;
    const sample: GoldenRecordData["sample_clusters"] = [];
    const bySize = new Map<number, number>();
    for (let c = 0; c < res.clusters; c++) {
      const size = res.clusterSize[c];
      largest = Math.max(largest, size);
      bySize.set(size, (bySize.get(size) ?? 0) + 1);
      if (size < 2) continue;
      multi++;
      inMulti += size;
      if (sample.length < SAMPLE_CLUSTERS)
        sample.push({ cluster: c, rows: membersOf(res, c), min_match_probability: round(res.clusterMinScore[c]) });
    }
    const data: GoldenRecordData = {
      rows: res.rows,
      clusters: res.clusters,
      multi_record_clusters: multi,
      records_in_multi_record_clusters: inMulti,
      largest_cluster: largest,
      cluster_sizes: [...bySize].sort((a, b) => a[0] - b[0]).map(([size, clusters]) => ({ size, clusters })),
      compared_pairs: res.comparedPairs,
      all_pairs: (res.rows * (res.rows - 1)) / 2,
      matched_pairs: res.matchedPairs,
      refused_merges: res.refusedMerges,
      unblocked_rows: res.unblockedRows,
      match_threshold: p.match_threshold,
      compared_fields: plan.fields.map((f) => ({ column: f.column, comparison: f.kind, semantic_type: f.semanticType })),
      blocking: res.blocking,
      sample_clusters: sample,
    };
    attachResolution(data, res);

    const alerts: Alert[] = [];
    const recommendations: Recommendation[] = [];
    if (plan.rules.length === 0 || plan.fields.length === 0) {
      alerts.push({
        id: "golden-no-keys",
        severity: "high",
        category: "entity_resolution",
        message: "No column was recognised as an email, phone, name, postcode or shared id, so no records could be compared",
      });
      recommendations.push({
        id: "golden-rec-keys",
        priority: "high",
        action: "Set blocking_keys and name the columns' meaning in the semantic-mapper glossary",
        rationale: "Entity resolution needs at least one blocking key and one compared field",
      });
    }
    for (const stats of res.blocking) {
      if (stats.oversized_blocks === 0) continue;
      alerts.push({
        id: `golden-oversized-${stats.columns.join("-")}`,
        severity: "medium",
        category: "blocking",
        field: stats.columns.join(", "),
        message: `${stats.oversized_blocks} blocking key value(s) shared by more than ${p.max_block_size} records were not compared (largest: ${stats.largest_block})`,
        metric: "largest_block",
        value: stats.largest_block,
        threshold: p.max_block_size,
      });
    }
    if (res.refusedMerges > 0) {
      alerts.push({
        id: "golden-size-guard",
        severity: "medium",
        category: "cluster_size",
        message: `${res.refusedMerges} match(es) were not merged because the cluster would exceed ${p.max_cluster_size} records`,
        metric: "refused_merges",
        value: res.refusedMerges,
        threshold: p.max_cluster_size,
      });
    }
    if (res.unblockedRows > 0) {
      recommendations.push({
        id: "golden-rec-unblocked",
        priority: "medium",
        action: "Fill the blocking key fields of records that have none",
        rationale: `${res.unblockedRows} record(s) have no value in any blocking key and could not be matched`,
      });
    }
    const duplicateShare = res.rows > 0 ? (inMulti - multi) / res.rows : 0;
    const summary: SummaryItem[] = [
      {
        title: "Entities",
        value: res.clusters,
        status: "good",
        description: `${res.rows} records resolve to ${res.clusters} entities; ${multi} entities have two or more records`,
      },
      {
        title: "Duplicate records",
        value: inMulti - multi,
        status: duplicateShare > 0.1 ? "critical" : duplicateShare > 0 ? "warning" : "good",
        description: "Records merged into another record's entity",
      },
      {
        title: "Compared pairs",
        value: res.comparedPairs,
        status: "good",
        description: `Pairs compared within blocks, out of ${data.all_pairs} possible pairs`,
      },
    ];
    return { alerts, issues: [], recommendations, row_level_issues: duplicateIssues(res), executive_summary: summary, data };
  },
};

/** Row-level issues kept in memory; the counts in data stay exact past it. */
const ROW_ISSUE_LIMIT = 100_000;

/** Every record after the first of its entity, pointing at that first record. */
function duplicateIssues(res: Resolution): RowLevelIssue[] {
  const issues: RowLevelIssue[] = [];
  for (let c = 0; c < res.clusters && issues.length < ROW_ISSUE_LIMIT; c++) {
    const start = res.clusterStart[c];
    const end = res.clusterStart[c + 1];
    const first = res.sourceRow[res.members[start]];
    for (let k = start + 1; k < end && issues.length < ROW_ISSUE_LIMIT; k++) {
      const i = res.members[k];
      issues.push({
        row: res.sourceRow[i],
        issue_type: "duplicate_record",
        value: round(res.bestScore[i]),
        message: `Same entity as row ${first} (best match probability ${round(res.bestScore[i])})`,
        severity: "low",
      });
    }
  }
  return issues;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
