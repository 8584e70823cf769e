/**
 * Entity resolution in three steps, near-linear in the rows:
 * 1. one streaming pass keeps, per row, a hash per blocking rule and a hash of the whole
 *    normalised record (for stable master ids); a second pass keeps the comparable fields of
 *    only the rows that share a block with another row;
 * 2. rows are sorted by each blocking key and only rows sharing a key are compared, each pair
 *    once (a pair already compared under an earlier rule is skipped), blocks above
 *    max_block_size not at all — so the work is Σ b(b−1)/2 over the blocks, never n²/2;
 * 3. pairs at or above the match threshold become clusters (cluster-edges.ts).
 * Everything per row is a typed array; clusters are never objects per row.
 */
import type * as report from "@agensium/shared";
import type { MasterMyDataParameters } from "@agensium/shared";
import { type Dataset, EngineError } from "../../engine/types.js";
import { hashBytes } from "../../stats/hash.js";
import type { Utf8Cells } from "../../stats/utf8-column.js";
import { blockOrder } from "./block-order.js";
import { type FormWriter, formWriter } from "./blocking-bytes.js";
import { appendNormalized, ByteBuffer, CellMemo } from "./cell-values.js";
import { type Clusters, clusterEdges } from "./cluster-edges.js";
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
import { blockingPart, type ComparedField, type MatchPlan } from "./match-plan.js";
import { memoryRecordStore, type RecordBlock, spilledRecordStore } from "./record-store.js";
import { hashText, isBlankCell, rowBatches } from "./rows.js";
import { normalizeText } from "./similarity/normalize.js";

type Params = MasterMyDataParameters["golden-record-builder"];

const FIELD_SEPARATOR = "\u001f";
const FIELD_SEPARATOR_BYTE = 0x1f;

export type BlockingStats = report.BlockingStats;

export interface Resolution extends Clusters {
  rows: number;
  columns: string[];
  /** Row index → 1-based row in the user's file. */
  sourceRow: Float64Array;
  /** Row index → hash of its whole normalised record. */
  recordHash: Float64Array;
  /** Rows with no blocking key at all: they could not be compared with anyone. */
  unblockedRows: number;
  comparedPairs: number;
  blocking: BlockingStats[];
}

export interface ResolveHooks {
  signal?: AbortSignal;
  progress?: (rows: number) => void;
  /** Where the compared records go when more rows take part than memoryRecordLimit. */
  spillDir?: string;
  memoryRecordLimit?: number;
}

/** Rows whose comparable fields stay in memory; past it they are spilled to disk. */
const MEMORY_RECORD_LIMIT = 1_000_000;

/** The hash of a record's normalised values, the same whichever file the record comes from. */
export function recordKeyHash(values: (string | null)[]): number {
  return hashText(values.map((v) => (v === null ? "" : normalizeText(v))).join(FIELD_SEPARATOR));
}

export async function resolveEntities(dataset: Dataset, plan: MatchPlan, p: Params, hooks: ResolveHooks = {}): Promise<Resolution> {
  const { fields, rules } = plan;
  const fieldOfColumn = new Map(fields.map((f) => [f.index, f]));
  // How each column a rule uses writes its blocking form: from the bytes, or memoised per distinct value.
  const partWriters = new Map<number, FormWriter>();
  for (const rule of rules) {
    for (const index of rule.indexes) if (!partWriters.has(index)) partWriters.set(index, blockingPartWriter(fieldOfColumn.get(index)));
  }
  const ruleWriters = rules.map((rule) => rule.indexes.map((index) => partWriters.get(index) as FormWriter));
  const sourceRow = new GrowableFloat64();
  const recordHash = new GrowableFloat64();
  const ruleHashes = rules.map(() => new GrowableFloat64());
  const record = new ByteBuffer();
  let rows = 0;
  for await (const batch of rowBatches(dataset, hooks.signal)) {
    const { cells } = batch;
    for (let i = 0; i < batch.rows; i++) {
      sourceRow.push(batch.firstRow + i);
      // recordKeyHash on the cells' bytes: normalised values joined by the field separator.
      record.length = 0;
      for (let c = 0; c < cells.length; c++) {
        if (c > 0) record.push(FIELD_SEPARATOR_BYTE);
        appendNormalized(cells[c], i, record);
      }
      recordHash.push(hashBytes(record.bytes, 0, record.length));
      for (let r = 0; r < rules.length; r++) ruleHashes[r].push(blockingHash(rules[r].indexes, ruleWriters[r], cells, i));
    }
    rows += batch.rows;
    hooks.progress?.(rows);
  }
  const keys = ruleHashes.map((g) => g.toArray());

  // Blocks per rule: rows sorted by key; rows in a block small enough to compare take part.
  const orders = keys.map((key) => blockOrder(key));
  const oversized = rules.map(() => new Set<number>());
  const takesPart = new Uint8Array(rows);
  const blocking: BlockingStats[] = rules.map((rule, r) => {
    const stats = {
      columns: rule.columns,
      keyed_rows: orders[r].length,
      blocks: 0,
      largest_block: 0,
      oversized_blocks: 0,
      pair_budget: 0,
      compared_pairs: 0,
    };
    for (let start = 0, end = 0; start < orders[r].length; start = end) {
      end = blockEnd(orders[r], keys[r], start);
      const size = end - start;
      stats.blocks++;
      stats.largest_block = Math.max(stats.largest_block, size);
      if (size > p.max_block_size) {
        stats.oversized_blocks++;
        oversized[r].add(keys[r][orders[r][start]]);
      } else if (size > 1) {
        stats.pair_budget += (size * (size - 1)) / 2;
        for (let x = start; x < end; x++) takesPart[orders[r][x]] = 1;
      }
    }
    return stats;
  });

  // Second pass: the comparable fields of the rows that have someone to be compared with, and only those.
  let participants = 0;
  for (let i = 0; i < rows; i++) participants += takesPart[i];
  const records =
    hooks.spillDir && participants > (hooks.memoryRecordLimit ?? MEMORY_RECORD_LIMIT)
      ? await spilledRecordStore(hooks.spillDir, rows)
      : memoryRecordStore(rows, fields.length);
  // Comparable forms per distinct value: a repeated value is computed once and stored as one string.
  const comparableMemos = fields.map((f) => new CellMemo((text) => comparable(f.kind, text, f.semanticType === "full_name")));
  const recordFields = new Array<string>(fields.length);
  let index = 0;
  for await (const batch of rowBatches(dataset, hooks.signal)) {
    const fieldCells = fields.map((f) => batch.cells[f.index]);
    for (let i = 0; i < batch.rows; i++, index++) {
      if (!takesPart[index]) continue;
      for (let k = 0; k < fields.length; k++) {
        const cells = fieldCells[k];
        recordFields[k] = cells === undefined || isBlankCell(cells, i) ? "" : comparableMemos[k].get(cells, i);
      }
      const written = records.add(index, recordFields);
      if (written) await written;
    }
  }
  await records.seal();

  const weights = fields.map((f) => levelWeights(probabilitiesOf(f.kind, p)));
  const prior = priorWeight(p.prior_match_probability);
  const kinds = fields.map((f) => f.kind);
  const edgeA = new GrowableInt32();
  const edgeB = new GrowableInt32();
  const edgeScore = new GrowableFloat64();
  let comparedPairs = 0;
  for (let r = 0; r < rules.length; r++) {
    const order = orders[r];
    for (let start = 0, end = 0; start < order.length; start = end) {
      end = blockEnd(order, keys[r], start);
      if (end - start > p.max_block_size || end - start < 2) continue;
      const loaded = records.load(order.subarray(start, end));
      const block = loaded instanceof Promise ? await loaded : loaded;
      for (let x = start; x < end; x++) {
        const i = order[x];
        for (let y = x + 1; y < end; y++) {
          const j = order[y];
          if (comparedBefore(keys, oversized, r, i, j)) continue;
          const score = compare(block, x - start, y - start, kinds, weights, prior, p.name_thresholds);
          blocking[r].compared_pairs++;
          if (score >= p.match_threshold) {
            edgeA.push(i);
            edgeB.push(j);
            edgeScore.push(score);
          }
        }
      }
    }
    comparedPairs += blocking[r].compared_pairs;
    hooks.signal?.throwIfAborted();
  }
  await records.close();

  let unblockedRows = 0;
  for (let i = 0; i < rows; i++) if (keys.every((k) => k[i] === 0)) unblockedRows++;
  const clusters = clusterEdges(rows, { a: edgeA.toArray(), b: edgeB.toArray(), score: edgeScore.toArray() }, p.max_cluster_size);
  return {
    ...clusters,
    rows,
    columns: dataset.columns,
    sourceRow: sourceRow.toArray(),
    recordHash: recordHash.toArray(),
    unblockedRows,
    comparedPairs,
    blocking,
  };
}

/** The end of the block starting at `start` in the sorted order: the run of rows with its key. A loop, not a generator: a million blocks would each allocate an iterator result. */
function blockEnd(order: Int32Array, key: Float64Array, start: number): number {
  const k = key[order[start]];
  let end = start + 1;
  while (end < order.length && key[order[end]] === k) end++;
  return end;
}

const utf8 = new TextEncoder();

/**
 * A column's blocking form writer: the comparable form's bytes straight from the cell where a
 * byte writer exists, else (phonetic name keys, dates) the form computed once per distinct value.
 */
function blockingPartWriter(field: ComparedField | undefined): FormWriter {
  const direct = formWriter(field ? field.kind : "text");
  if (direct) return direct;
  const memo = new CellMemo((text) => utf8.encode(blockingPart(field, text)));
  return (cells, i, out) => {
    const bytes = memo.get(cells, i);
    const n = bytes.length;
    out.reserve(n);
    // A form is a few bytes (a phonetic key, a date): a loop copies it faster than set() does.
    const into = out.bytes;
    let at = out.length;
    for (let k = 0; k < n; k++) into[at++] = bytes[k];
    out.length = at;
    return n;
  };
}

/** Where a row's blocking key is put together: its parts' forms joined by the field separator. */
const keyBytes = new ByteBuffer();

/**
 * The hash of a row's blocking key under one rule (hashText of the parts' forms joined by the
 * field separator, never 0), or 0 when any of its fields is blank or has an empty form.
 */
function blockingHash(indexes: number[], writers: FormWriter[], cells: Utf8Cells[], i: number): number {
  keyBytes.length = 0;
  for (let k = 0; k < indexes.length; k++) {
    const column = cells[indexes[k]];
    if (column === undefined || isBlankCell(column, i)) return 0;
    if (k > 0) keyBytes.push(FIELD_SEPARATOR_BYTE);
    if (writers[k](column, i, keyBytes) === 0) return 0;
  }
  return hashBytes(keyBytes.bytes, 0, keyBytes.length) || 1;
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
  block: RecordBlock,
  x: number,
  y: number,
  kinds: ComparisonKind[],
  weights: Float64Array[],
  prior: number,
  nameThresholds: readonly number[],
): number {
  let weight = prior;
  for (let f = 0; f < kinds.length; f++) {
    const a = block.field(x, f);
    const b = block.field(y, f);
    if (a === "" || b === "") continue;
    const level = agreementLevel(kinds[f], a, b, nameThresholds);
    weight += weights[f][Math.min(level, weights[f].length - 1)];
  }
  return matchProbability(weight);
}
