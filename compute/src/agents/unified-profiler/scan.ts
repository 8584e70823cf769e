/**
 * One streaming pass over a dataset: a ColumnAccumulator per column, exact duplicate rows by
 * row hash (a set of 53-bit hashes up to ROW_HASH_LIMIT rows, then estimated with HyperLogLog),
 * and Pearson co-moments between the numeric columns.
 */
import type { Dataset } from "../../engine/types.js";
import { EngineError } from "../../engine/types.js";
import { combineHash } from "../../stats/hash.js";
import { HyperLogLog } from "../../stats/hyperloglog.js";
import { CoMoment } from "../../stats/moments.js";
import { batchColumnCells } from "../../stats/utf8-column.js";
import { CellKind } from "../../stats/value-parse.js";
import { type AccumulatorOptions, ColumnAccumulator } from "./column-accumulator.js";

const ROW_HASH_LIMIT = 1_000_000;
const MAX_CORRELATED_COLUMNS = 30;

export interface ScanOptions {
  exactDistinctLimit: number;
  exactQuantileLimit?: number;
  nullPlaceholders: string[];
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
    exactQuantileLimit: options.exactQuantileLimit ?? 2_000_000,
    placeholders: options.nullPlaceholders.map((p) => encoder.encode(p)),
  };
  const columns = dataset.columns.map((name) => new ColumnAccumulator(name, accumulatorOptions));
  let rowHashSet: Set<number> | null = new Set<number>();
  const rowHll = new HyperLogLog();
  let duplicates = 0;
  let rows = 0;
  let pairs: CorrelationPair[] | null = null;
  let numbers: Float64Array[] = [];
  let rowHashes = new Float64Array(0);
  let cellHashes = new Float64Array(0);

  for await (const { batch } of dataset.batches(options.signal)) {
    if (options.signal?.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    const n = batch.numRows;
    if (rowHashes.length < n) {
      rowHashes = new Float64Array(n);
      cellHashes = new Float64Array(n);
      numbers = columns.map(() => new Float64Array(n));
    }
    rowHashes.fill(0, 0, n);
    for (let c = 0; c < columns.length; c++) {
      let offset = 0;
      for (const cells of batchColumnCells(batch, c)) {
        columns[c].addCells(cells, offset, cellHashes, numbers[c]);
        offset += cells.length;
      }
      for (let i = offset; i < n; i++) {
        cellHashes[i] = 0;
        numbers[c][i] = Number.NaN;
      }
      for (let i = 0; i < n; i++) rowHashes[i] = combineHash(rowHashes[i], cellHashes[i]);
    }
    for (let i = 0; i < n; i++) {
      const h = rowHashes[i];
      rowHll.add(h);
      if (rowHashSet) {
        if (rowHashSet.has(h)) duplicates++;
        else if (rowHashSet.size < ROW_HASH_LIMIT) rowHashSet.add(h);
        else rowHashSet = null;
      }
    }
    if (pairs === null) pairs = correlationPairs(columns);
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

/** Numeric columns, judged on the first batch (≥ 90 % of its non-null values are numbers). */
function correlationPairs(columns: ColumnAccumulator[]): CorrelationPair[] {
  const numeric: number[] = [];
  columns.forEach((col, index) => {
    const numbers = col.kindCounts[CellKind.Integer] + col.kindCounts[CellKind.Float];
    if (col.nonNull > 0 && numbers >= 0.9 * col.nonNull) numeric.push(index);
  });
  const chosen = numeric.slice(0, MAX_CORRELATED_COLUMNS);
  const pairs: CorrelationPair[] = [];
  for (let i = 0; i < chosen.length; i++) {
    for (let j = i + 1; j < chosen.length; j++) pairs.push({ a: chosen[i], b: chosen[j], moment: new CoMoment() });
  }
  return pairs;
}
