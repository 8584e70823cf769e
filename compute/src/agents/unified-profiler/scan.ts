/**
 * One streaming pass over a dataset: a ColumnAccumulator per column, exact duplicate rows by
 * row hash (a set of 53-bit hashes up to ROW_HASH_LIMIT rows, then estimated with HyperLogLog),
 * and Pearson co-moments between the numeric columns.
 */
import type { ReadingLocale } from "@agensium/shared";
import type { Dataset } from "../../engine/types.js";
import { EngineError } from "../../engine/types.js";
import { HashCountTable } from "../../stats/hash-table.js";
import { HyperLogLog } from "../../stats/hyperloglog.js";
import { CoMoment } from "../../stats/moments.js";
import { batchColumnCells } from "../../stats/utf8-column.js";
import { CellKind } from "../../stats/value-parse.js";
import { type AccumulatorOptions, ColumnAccumulator } from "./column-accumulator.js";

const ROW_HASH_LIMIT = 1_000_000;
/**
 * Numbers kept in memory for exact quantiles, shared by the columns that hold numbers (8 bytes
 * each: 64 MiB in all); a column past its share switches to the quantile sketch.
 */
const EXACT_QUANTILE_BUDGET = 8_000_000;
const MIN_EXACT_QUANTILES_PER_COLUMN = 100_000;
const MAX_CORRELATED_COLUMNS = 30;

export interface ScanOptions {
  exactDistinctLimit: number;
  exactQuantileLimit?: number;
  nullMarkers: string[];
  locale?: ReadingLocale | null;
  signal?: AbortSignal;
  progress?: (rows: number) => void;
}

export interface CorrelationPair {
  a: number;
  b: number;
  moment: CoMoment;
}

export interface DatasetScan {
  rows: number;
  columns: ColumnAccumulator[];
  duplicateRows: number;
  duplicateRowsExact: boolean;
  correlations: CorrelationPair[];
}

export async function scanDataset(dataset: Dataset, options: ScanOptions): Promise<DatasetScan> {
  const encoder = new TextEncoder();
  const accumulatorOptions: AccumulatorOptions = {
    exactDistinctLimit: options.exactDistinctLimit,
    exactQuantileLimit: options.exactQuantileLimit ?? MIN_EXACT_QUANTILES_PER_COLUMN,
    nullTokens: options.nullMarkers.map((p) => encoder.encode(p)),
    locale: options.locale,
  };
  const columns = dataset.columns.map((name) => new ColumnAccumulator(name, accumulatorOptions));
  let rowHashSet: HashCountTable | null = new HashCountTable(1 << 16);
  const rowHll = new HyperLogLog();
  let duplicates = 0;
  let rows = 0;
  let pairs: CorrelationPair[] | null = null;
  let numbers: Float64Array[] = [];
  let rowA = new Int32Array(0);
  let rowB = new Int32Array(0);
  let cellHashes = new Float64Array(0);

  for await (const { batch, firstRow } of dataset.batches(options.signal)) {
    if (options.signal?.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    const n = batch.numRows;
    if (rowA.length < n) {
      rowA = new Int32Array(n);
      rowB = new Int32Array(n);
      cellHashes = new Float64Array(n);
      numbers = columns.map(() => new Float64Array(n));
    }
    rowA.fill(0x2545f491, 0, n);
    rowB.fill(0x6a09e667, 0, n);
    for (let c = 0; c < columns.length; c++) {
      let offset = 0;
      for (const cells of batchColumnCells(batch, c)) {
        columns[c].addCells(cells, offset, firstRow, cellHashes, numbers[c]);
        offset += cells.length;
      }
      for (let i = offset; i < n; i++) {
        cellHashes[i] = 0;
        numbers[c][i] = Number.NaN;
      }
      mixRowHashes(rowA, rowB, cellHashes, n);
    }
    for (let i = 0; i < n; i++) {
      const h = finishRowHash(rowA[i], rowB[i]);
      rowHll.add(h);
      if (rowHashSet) {
        const slot = rowHashSet.slotOf(h);
        if (rowHashSet.keys[slot] !== 0) duplicates++;
        else if (rowHashSet.size < ROW_HASH_LIMIT) rowHashSet.increment(h);
        else rowHashSet = null;
      }
    }
    if (pairs === null) {
      const numeric = numericColumns(columns);
      // The exact-quantile budget goes to the columns that hold numbers.
      if (options.exactQuantileLimit === undefined) {
        const share = Math.max(MIN_EXACT_QUANTILES_PER_COLUMN, Math.floor(EXACT_QUANTILE_BUDGET / Math.max(1, numeric.length)));
        for (const index of numeric) columns[index].quantiles.setExactLimit(share);
      }
      pairs = correlationPairs(numeric);
    }
    for (const pair of pairs) {
      const xs = numbers[pair.a];
      const ys = numbers[pair.b];
      const moment = pair.moment;
      for (let i = 0; i < n; i++) {
        const x = xs[i];
        const y = ys[i];
        if (!Number.isNaN(x) && !Number.isNaN(y)) moment.add(x, y);
      }
    }
    rows += n;
    options.progress?.(rows);
  }
  const duplicateRowsExact = rowHashSet !== null;
  return {
    rows,
    columns,
    duplicateRows: duplicateRowsExact ? duplicates : Math.max(0, rows - rowHll.estimate()),
    duplicateRowsExact,
    correlations: pairs ?? [],
  };
}

/** Folds one column's cell hashes into the two 32-bit lanes of each row's hash (order-sensitive). */
function mixRowHashes(rowA: Int32Array, rowB: Int32Array, cellHashes: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const cell = cellHashes[i];
    const lo = cell >>> 0;
    const hi = (cell / 4294967296) >>> 0;
    const a = Math.imul(rowA[i] ^ lo, 0x9e3779b1);
    rowA[i] = (a << 13) | (a >>> 19);
    rowB[i] = Math.imul(rowB[i] ^ hi ^ a, 0x85ebca6b) + 0x7f4a7c15;
  }
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function finishRowHash(a: number, b: number): number {
  const h1 = fmix32(a ^ Math.imul(b, 0x27d4eb2f));
  return h1 * 2097152 + (fmix32(b ^ h1) >>> 11);
}

/** Numeric columns, judged on the first batch (≥ 90 % of its non-null values are numbers). */
function numericColumns(columns: ColumnAccumulator[]): number[] {
  const numeric: number[] = [];
  columns.forEach((col, index) => {
    const numbers = col.kindCounts[CellKind.Integer] + col.kindCounts[CellKind.Float];
    if (col.nonNull > 0 && numbers >= 0.9 * col.nonNull) numeric.push(index);
  });
  return numeric;
}

function correlationPairs(numeric: number[]): CorrelationPair[] {
  const chosen = numeric.slice(0, MAX_CORRELATED_COLUMNS);
  const pairs: CorrelationPair[] = [];
  for (let i = 0; i < chosen.length; i++) {
    for (let j = i + 1; j < chosen.length; j++) pairs.push({ a: chosen[i], b: chosen[j], moment: new CoMoment() });
  }
  return pairs;
}
