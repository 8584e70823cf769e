/**
 * Entity resolution in three steps, near-linear in the rows:
 * 1. one streaming pass keeps, per row, its comparable fields (one compact string), a hash per
 *    blocking rule and a hash of the whole normalised record (for stable master ids);
 * 2. rows are sorted by each blocking key and only rows sharing a key are compared, each pair
 *    once (a pair already compared under an earlier rule is skipped), blocks above
 *    max_block_size not at all — so the work is Σ b(b−1)/2 over the blocks, never n²/2;
 * 3. pairs at or above the match threshold join clusters (union-find), strongest first, and a
 *    merge that would exceed max_cluster_size is refused and remembered for stewardship.
 * Clusters are typed arrays (row → cluster, members grouped by cluster), never objects per row.
 */
import type { MasterMyDataParameters } from "@agensium/shared";
import { type Dataset, EngineError } from "../../engine/types.js";
import { hashString } from "../../stats/hash.js";
import {
  agreementLevel,
  type ComparisonKind,
  comparable,
  DEFAULT_M_U,
  levelWeights,
  matchProbability,
  priorWeight,
} from "./fellegi-sunter.js";
import { GrowableFloat64, GrowableInt32 } from "./growable.js";
import { blockingPart, type MatchPlan } from "./match-plan.js";
import { isBlank, textBatches } from "./rows.js";
import { normalizeText } from "./similarity/normalize.js";
import { UnionFind } from "./union-find.js";

type Params = MasterMyDataParameters["golden-record-builder"];

const FIELD_SEPARATOR = "\u001f";

export interface BlockingStats {
  columns: string[];
  keyed_rows: number;
  blocks: number;
  largest_block: number;
  oversized_blocks: number;
  /** Σ b(b−1)/2 over the blocks that were compared: the most pairs this rule can cost. */
  pair_budget: number;
  compared_pairs: number;
}

export interface Resolution {
  rows: number;
  columns: string[];
  /** Row index → 1-based row in the user's file. */
  sourceRow: Float64Array;
  /** Row index → cluster id (0…clusters−1, numbered by first row). */
  clusterOf: Int32Array;
  clusters: number;
  clusterSize: Int32Array;
  /** Members grouped by cluster: clusterStart[c]…clusterStart[c+1] index into members. */
  clusterStart: Int32Array;
  members: Int32Array;
  /** Lowest match probability among the pairs that joined the cluster (1 for single records). */
  clusterMinScore: Float32Array;
  /** 1 when a merge into this cluster was refused by the size guard. */
  clusterGuarded: Uint8Array;
  /** Row index → best match probability with another member of its cluster (0 when alone). */
  bestScore: Float32Array;
  /** Row index → hash of its whole normalised record. */
  recordHash: Float64Array;
  /** Rows with no blocking key at all: they could not be compared with anyone. */
  unblockedRows: number;
  comparedPairs: number;
  matchedPairs: number;
  refusedMerges: number;
  blocking: BlockingStats[];
}

/** The hash of a record's normalised values, the same whichever file the record comes from. */
export function recordKeyHash(values: (string | null)[]): number {
  return hashString(values.map((v) => (v === null ? "" : normalizeText(v))).join(FIELD_SEPARATOR));
}

export async function resolveEntities(
  dataset: Dataset,
  plan: MatchPlan,
  p: Params,
  hooks: { signal?: AbortSignal; progress?: (rows: number) => void } = {},
): Promise<Resolution> {
  const { fields, rules } = plan;
  const fieldOfColumn = new Map(fields.map((f) => [f.index, f]));
  const sourceRow = new GrowableFloat64();
  const recordHash = new GrowableFloat64();
  const ruleHashes = rules.map(() => new GrowableFloat64());
  // The comparable fields of every row, one string each: the part of a row matching must revisit.
  const records: string[] = [];
  let rows = 0;
  for await (const batch of textBatches(dataset, hooks.signal)) {
    for (let i = 0; i < batch.rows; i++) {
      sourceRow.push(batch.firstRow + i);
      const row = batch.columns.map((col) => col[i]);
      recordHash.push(recordKeyHash(row));
      records.push(
        fields
          .map((f) => {
            const v = row[f.index];
            return isBlank(v) ? "" : comparable(f.kind, v as string, f.semanticType === "full_name");
          })
          .join(FIELD_SEPARATOR),
      );
      rules.forEach((rule, r) => {
        const parts: string[] = [];
        for (const index of rule.indexes) {
          const v = row[index];
          const part = isBlank(v) ? "" : blockingPart(fieldOfColumn.get(index), v as string);
          if (part === "") {
            ruleHashes[r].push(0);
            return;
          }
          parts.push(part);
        }
        ruleHashes[r].push(hashString(parts.join(FIELD_SEPARATOR)) || 1);
      });
    }
    rows += batch.rows;
    hooks.progress?.(rows);
  }

  const keys = ruleHashes.map((g) => g.toArray());
  const weights = fields.map((f) => levelWeights(probabilitiesOf(f.kind, p)));
  const prior = priorWeight(p.prior_match_probability);
  const kinds = fields.map((f) => f.kind);
  const splitRecords = (i: number) => records[i].split(FIELD_SEPARATOR);
  const edgeA = new GrowableInt32();
  const edgeB = new GrowableInt32();
  const edgeScore = new GrowableFloat64();
  const bestScore = new Float32Array(rows);
  const oversized = rules.map(() => new Set<number>());
  const blocking: BlockingStats[] = [];
  let comparedPairs = 0;

  for (let r = 0; r < rules.length; r++) {
    const key = keys[r];
    const order = Int32Array.from({ length: rows }, (_, i) => i).filter((i) => key[i] !== 0);
    order.sort((a, b) => key[a] - key[b] || a - b);
    const stats: BlockingStats = {
      columns: rules[r].columns,
      keyed_rows: order.length,
      blocks: 0,
      largest_block: 0,
      oversized_blocks: 0,
      pair_budget: 0,
      compared_pairs: 0,
    };
    for (let start = 0; start < order.length; ) {
      let end = start + 1;
      while (end < order.length && key[order[end]] === key[order[start]]) end++;
      const size = end - start;
      stats.blocks++;
      stats.largest_block = Math.max(stats.largest_block, size);
      if (size > p.max_block_size) {
        stats.oversized_blocks++;
        oversized[r].add(key[order[start]]);
      } else if (size > 1) {
        stats.pair_budget += (size * (size - 1)) / 2;
        // Each record of the block is split once, not once per pair.
        const split = Array.from({ length: size }, (_, x) => splitRecords(order[start + x]));
        for (let x = start; x < end; x++) {
          const i = order[x];
          const a = split[x - start];
          for (let y = x + 1; y < end; y++) {
            const j = order[y];
            if (comparedBefore(keys, oversized, r, i, j)) continue;
            const score = compare(a, split[y - start], kinds, weights, prior, p.name_thresholds);
            stats.compared_pairs++;
            if (score >= p.match_threshold) {
              edgeA.push(i);
              edgeB.push(j);
              edgeScore.push(score);
            }
          }
        }
      }
      start = end;
    }
    comparedPairs += stats.compared_pairs;
    blocking.push(stats);
    hooks.signal?.throwIfAborted();
  }

  let unblockedRows = 0;
  for (let i = 0; i < rows; i++) if (keys.every((k) => k[i] === 0)) unblockedRows++;

  // Strongest pairs first, so the size guard refuses the weakest links.
  const scores = edgeScore.toArray();
  const edges = Int32Array.from({ length: scores.length }, (_, e) => e).sort((x, y) => scores[y] - scores[x] || x - y);
  const uf = new UnionFind(rows);
  const guardedRoots = new Set<number>();
  const accepted = new Uint8Array(scores.length);
  let refusedMerges = 0;
  for (const e of edges) {
    const a = edgeA.get(e);
    const b = edgeB.get(e);
    const ra = uf.find(a);
    const rb = uf.find(b);
    if (ra !== rb && uf.sizeOf(ra) + uf.sizeOf(rb) > p.max_cluster_size) {
      refusedMerges++;
      guardedRoots.add(ra);
      guardedRoots.add(rb);
      continue;
    }
    uf.union(ra, rb);
    accepted[e] = 1;
  }

  const clusterOf = new Int32Array(rows);
  const clusterOfRoot = new Int32Array(rows).fill(-1);
  let clusters = 0;
  for (let i = 0; i < rows; i++) {
    const root = uf.find(i);
    if (clusterOfRoot[root] < 0) clusterOfRoot[root] = clusters++;
    clusterOf[i] = clusterOfRoot[root];
  }
  const clusterSize = new Int32Array(clusters);
  for (let i = 0; i < rows; i++) clusterSize[clusterOf[i]]++;
  const clusterStart = new Int32Array(clusters + 1);
  for (let c = 0; c < clusters; c++) clusterStart[c + 1] = clusterStart[c] + clusterSize[c];
  const fill = clusterStart.slice(0, clusters);
  const members = new Int32Array(rows);
  for (let i = 0; i < rows; i++) members[fill[clusterOf[i]]++] = i;

  const clusterMinScore = new Float32Array(clusters).fill(1);
  let matchedPairs = 0;
  for (let e = 0; e < scores.length; e++) {
    const a = edgeA.get(e);
    const b = edgeB.get(e);
    if (clusterOf[a] !== clusterOf[b]) continue;
    matchedPairs++;
    if (accepted[e]) clusterMinScore[clusterOf[a]] = Math.min(clusterMinScore[clusterOf[a]], scores[e]);
    bestScore[a] = Math.max(bestScore[a], scores[e]);
    bestScore[b] = Math.max(bestScore[b], scores[e]);
  }
  const clusterGuarded = new Uint8Array(clusters);
  for (const root of guardedRoots) clusterGuarded[clusterOf[uf.find(root)]] = 1;

  return {
    rows,
    columns: dataset.columns,
    sourceRow: sourceRow.toArray(),
    clusterOf,
    clusters,
    clusterSize,
    clusterStart,
    members,
    clusterMinScore,
    clusterGuarded,
    bestScore,
    recordHash: recordHash.toArray(),
    unblockedRows,
    comparedPairs,
    matchedPairs,
    refusedMerges,
    blocking,
  };
}

function probabilitiesOf(kind: ComparisonKind, p: Params) {
  const override = p.m_u_probabilities[kind];
  if (!override) return DEFAULT_M_U[kind];
  const levels = DEFAULT_M_U[kind].m.length;
  if (override.m.length !== levels) {
    throw new EngineError("PARAMETERS_INVALID", `m_u_probabilities.${kind} needs ${levels} levels (exact first, "anything else" last)`);
  }
  return override;
}

/** Whether rows i and j already shared a compared block under an earlier rule. */
function comparedBefore(keys: Float64Array[], oversized: Set<number>[], rule: number, i: number, j: number): boolean {
  for (let r = 0; r < rule; r++) {
    const k = keys[r][i];
    if (k !== 0 && k === keys[r][j] && !oversized[r].has(k)) return true;
  }
  return false;
}

function compare(
  a: string[],
  b: string[],
  kinds: ComparisonKind[],
  weights: Float64Array[],
  prior: number,
  nameThresholds: readonly number[],
): number {
  let weight = prior;
  for (let f = 0; f < kinds.length; f++) {
    if (a[f] === "" || b[f] === "") continue;
    const level = agreementLevel(kinds[f], a[f], b[f], nameThresholds);
    weight += weights[f][Math.min(level, weights[f].length - 1)];
  }
  return matchProbability(weight);
}
