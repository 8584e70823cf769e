/**
 * One streaming pass over a dataset: a ColumnAccumulator per column, exact duplicate rows by
 * row hash (a set of 53-bit hashes up to ROW_HASH_LIMIT rows, then estimated with HyperLogLog),
 * and Pearson co-moments between the numeric columns.
 */
import type { ReadingLocale } from "@agensium/shared";
import { balanceColumns, columnCosts, defaultThreads, workerScript } from "../../engine/column-threads.js";
import { SpilledDataset } from "../../engine/dataset.js";
import type { Dataset } from "../../engine/types.js";
import { EngineError, scanBatches } from "../../engine/types.js";
import { HyperLogLog } from "../../stats/hyperloglog.js";
import { CoMoment } from "../../stats/moments.js";
import { memoSlotsPerColumn } from "./cell-memo.js";
import type { AccumulatorOptions, ColumnAccumulator } from "./column-accumulator.js";
import { ColumnGroupScan, type GroupBatch, type GroupSetup } from "./column-group.js";
import { GroupWorker } from "./group-worker.js";
import { RowHashSet } from "./row-hash-set.js";

const ROW_HASH_LIMIT = 1_000_000;
/**
 * Numbers kept in memory for exact quantiles, shared by the columns that hold numbers (8 bytes
 * each: 8 MiB in all); a column past its share switches to the quantile sketch (≤ 1 % rank error).
 * A larger budget (64 MiB was tried) kept a 1M-row file's columns exact for ~30–50 MiB more peak
 * memory, which the profile's 256 MiB cap cannot spare.
 */
const EXACT_QUANTILE_BUDGET = 1_000_000;
const MIN_EXACT_QUANTILES_PER_COLUMN = 100_000;
const MAX_CORRELATED_COLUMNS = 30;
/** A cell's fixed cost in the scan, in bytes' worth of work (weighs the columns between threads). */
const CELL_COST = 16;

export interface ScanOptions {
  exactDistinctLimit: number;
  exactQuantileLimit?: number;
  nullMarkers: string[];
  locale?: ReadingLocale | null;
  signal?: AbortSignal;
  progress?: (rows: number) => void;
  /** Threads sharing the columns (this one and workers); one per core on large spilled inputs when absent. */
  threads?: number;
  /** false: no column keeps a memo of its values' findings (cell-memo.ts), every cell worked out; for tests. */
  memo?: boolean;
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
  /** Threads that scanned the columns (this one and its workers). */
  threads: number;
}

export async function scanDataset(dataset: Dataset, options: ScanOptions): Promise<DatasetScan> {
  const encoder = new TextEncoder();
  const accumulatorOptions: AccumulatorOptions = {
    exactDistinctLimit: options.exactDistinctLimit,
    exactQuantileLimit: options.exactQuantileLimit ?? MIN_EXACT_QUANTILES_PER_COLUMN,
    nullTokens: options.nullMarkers.map((p) => encoder.encode(p)),
    locale: options.locale,
    memoSlots: options.memo === false ? 0 : memoSlotsPerColumn(dataset.columns.length),
  };
  const width = dataset.columns.length;
  const spilled = dataset instanceof SpilledDataset ? dataset : null;
  const threads = options.threads ?? (spilled ? defaultThreads(spilled.rowCount, width) : 1);
  const all = dataset.columns.map((_, c) => c);
  const groups =
    spilled && threads > 1 && width > 1 ? balanceColumns(await columnCosts(spilled, CELL_COST, options.signal), threads) : [all];
  const own = new ColumnGroupScan(dataset.columns, groups[0], accumulatorOptions);
  const script = workerScript("profile-worker", import.meta.url);
  const workers = groups
    .slice(1)
    .map((columns) => new GroupWorker(script, { source: (spilled as SpilledDataset).spillSource(), columns, options: accumulatorOptions }));
  const abort = () => {
    for (const w of workers) void w.terminate();
  };
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    const scan = await coordinate(dataset, own, workers, options);
    own.finish();
    const accumulators: ColumnAccumulator[] = new Array(width);
    own.columns.forEach((c, k) => {
      accumulators[c] = own.accumulators[k];
    });
    for (const w of workers) {
      const received = await w.result(scan.rows);
      w.request.columns.forEach((c, k) => {
        accumulators[c] = received[k];
      });
    }
    return { ...scan, columns: accumulators, threads: groups.length };
  } finally {
    options.signal?.removeEventListener("abort", abort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Runs the scan: this thread's group and the workers' groups go through each batch (the workers
 * on their own copy of it), then their cell hashes are folded into row hashes in column order and
 * their numbers into co-moments, exactly as one thread scanning every column would.
 */
async function coordinate(dataset: Dataset, own: ColumnGroupScan, workers: GroupWorker[], options: ScanOptions) {
  const width = dataset.columns.length;
  const expectedRows = dataset instanceof SpilledDataset ? dataset.rowCount : 1 << 16;
  let rowHashSet: RowHashSet | null = new RowHashSet(Math.min(expectedRows, ROW_HASH_LIMIT));
  const rowHll = new HyperLogLog();
  let duplicates = 0;
  let rows = 0;
  let pairs: CorrelationPair[] | null = null;
  let rowA = new Int32Array(0);
  let rowB = new Int32Array(0);
  const hashes: Float64Array[] = new Array(width);
  const numbers: (Float64Array | null)[] = new Array(width);

  // The scan keeps nothing of a batch past it (cells are copied when kept), so a spill is read into one reused buffer.
  const source = scanBatches(dataset, options.signal);
  for await (const { batch, firstRow } of source) {
    if (options.signal?.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    const n = batch.numRows;
    if (rowA.length < n) {
      rowA = new Int32Array(n);
      rowB = new Int32Array(n);
    }
    const ownBatch = own.scanBatch(batch, firstRow);
    const parts: { columns: number[]; batch: GroupBatch; numeric?: boolean[] }[] = [
      { columns: own.columns, batch: ownBatch, numeric: pairs === null ? own.numericFlags() : undefined },
    ];
    for (const w of workers) parts.push({ columns: w.request.columns, ...(await w.nextBatch()) });
    for (const part of parts) {
      part.columns.forEach((c, k) => {
        hashes[c] = part.batch.hashes[k];
        numbers[c] = part.batch.numbers[k];
      });
    }
    rowA.fill(0x2545f491, 0, n);
    rowB.fill(0x6a09e667, 0, n);
    for (let c = 0; c < width; c++) mixRowHashes(rowA, rowB, hashes[c], n);
    for (let i = 0; i < n; i++) {
      const h = finishRowHash(rowA[i], rowB[i]);
      rowHll.add(h);
      if (rowHashSet) {
        if (rowHashSet.size < ROW_HASH_LIMIT) {
          if (rowHashSet.addOrFind(h)) duplicates++;
        } else if (rowHashSet.has(h)) duplicates++;
        else rowHashSet = null;
      }
    }
    if (pairs === null) {
      const numericFlags: boolean[] = new Array(width);
      for (const part of parts) {
        part.columns.forEach((c, k) => {
          numericFlags[c] = part.numeric?.[k] ?? false;
        });
      }
      const numeric = numericFlags.flatMap((isNumeric, c) => (isNumeric ? [c] : []));
      pairs = correlationPairs(numeric);
      const correlated = new Set(pairs.flatMap((p) => [p.a, p.b]));
      // The exact-quantile budget goes to the columns that hold numbers.
      const exactQuantileLimit =
        options.exactQuantileLimit === undefined
          ? Math.max(MIN_EXACT_QUANTILES_PER_COLUMN, Math.floor(EXACT_QUANTILE_BUDGET / Math.max(1, numeric.length)))
          : null;
      const setupOf = (columns: number[]): GroupSetup => ({
        exactQuantileLimit,
        numeric: columns.map((c) => numericFlags[c]),
        numbersWanted: columns.map((c) => correlated.has(c)),
      });
      own.configure(setupOf(own.columns));
      for (const w of workers) w.configure(setupOf(w.request.columns));
    }
    for (const pair of pairs) {
      const xs = numbers[pair.a] as Float64Array;
      const ys = numbers[pair.b] as Float64Array;
      const moment = pair.moment;
      for (let i = 0; i < n; i++) {
        const x = xs[i];
        const y = ys[i];
        if (!Number.isNaN(x) && !Number.isNaN(y)) moment.add(x, y);
      }
    }
    own.recycle(ownBatch);
    for (let k = 0; k < workers.length; k++) workers[k].recycle(parts[k + 1].batch);
    rows += n;
    options.progress?.(rows);
  }
  const duplicateRowsExact = rowHashSet !== null;
  return {
    rows,
    duplicateRows: duplicateRowsExact ? duplicates : Math.max(0, rows - rowHll.estimate()),
    duplicateRowsExact,
    correlations: pairs ?? [],
  };
}

/**
 * Each column's share of the scan's work, from the first batch: its bytes plus a fixed cost per
 * cell (hashing, counting and classifying a cell costs about as much as reading 16 of its bytes).
 */
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

function correlationPairs(numeric: number[]): CorrelationPair[] {
  const chosen = numeric.slice(0, MAX_CORRELATED_COLUMNS);
  const pairs: CorrelationPair[] = [];
  for (let i = 0; i < chosen.length; i++) {
    for (let j = i + 1; j < chosen.length; j++) pairs.push({ a: chosen[i], b: chosen[j], moment: new CoMoment() });
  }
  return pairs;
}
