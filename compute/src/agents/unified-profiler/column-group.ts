/**
 * One thread's share of the profiler's scan: a ColumnAccumulator for each of its columns, fed
 * every batch in row order, so a column's statistics are the same whichever thread holds it.
 * Per batch it hands back what the dataset-wide statistics need from its columns: each cell's
 * hash (duplicate rows) and number (correlations), for the coordinating thread to combine.
 */
import type { RecordBatch } from "apache-arrow";
import { batchColumnCells } from "../../stats/utf8-column.js";
import { type AccumulatorOptions, ColumnAccumulator } from "./column-accumulator.js";

/** A group's cell hashes and numbers for one batch, one array per column of the group (numbers only where asked). */
export interface GroupBatch {
  rows: number;
  hashes: Float64Array[];
  numbers: (Float64Array | null)[];
}

/** What the coordinator decides after the first batch, once every column's type is known. */
export interface GroupSetup {
  /** Exact quantiles kept per numeric column (null: leave each column's limit as it is). */
  exactQuantileLimit: number | null;
  /** The group's numeric columns (by position in the group): they get the exact-quantile share. */
  numeric: boolean[];
  /** Columns (by position in the group) whose numbers feed correlations. */
  numbersWanted: boolean[];
}

export class ColumnGroupScan {
  readonly accumulators: ColumnAccumulator[];
  private numbersWanted: boolean[];
  /** Arrays handed back by the coordinator, reused for later batches (GC was a tenth of the scan). */
  private spare: Float64Array[] = [];
  /** Where unwanted numbers go: addCells always writes them. */
  private scratch = new Float64Array(0);
  /** Rows of the largest batch so far: every array is this long, so any of them fits any batch. */
  private capacity = 0;

  constructor(
    names: string[],
    readonly columns: number[],
    options: AccumulatorOptions,
  ) {
    this.accumulators = columns.map((c) => new ColumnAccumulator(names[c], options));
    // The first batch decides which columns are numeric, so it sends every column's numbers.
    this.numbersWanted = columns.map(() => true);
  }

  scanBatch(batch: RecordBatch, firstRow: number): GroupBatch {
    const n = batch.numRows;
    if (n > this.capacity) {
      this.capacity = n;
      this.spare = [];
      this.scratch = new Float64Array(n);
    }
    const hashes: Float64Array[] = [];
    const numbers: (Float64Array | null)[] = [];
    for (let k = 0; k < this.columns.length; k++) {
      const cellHashes = this.array();
      const cellNumbers = this.numbersWanted[k] ? this.array() : null;
      const into = cellNumbers ?? this.scratch;
      let offset = 0;
      for (const cells of batchColumnCells(batch, this.columns[k])) {
        this.accumulators[k].addCells(cells, offset, firstRow, cellHashes, into);
        offset += cells.length;
      }
      // Rows past the column's last chunk (a column absent from the batch) count as empty.
      for (let i = offset; i < n; i++) {
        cellHashes[i] = 0;
        into[i] = Number.NaN;
      }
      hashes.push(cellHashes);
      numbers.push(cellNumbers);
    }
    return { rows: n, hashes, numbers };
  }

  /** Per column of the group: numeric, as judged on what it has seen (the first batch). */
  numericFlags(): boolean[] {
    return this.accumulators.map((acc) => acc.mostlyNumbers);
  }

  configure(setup: GroupSetup): void {
    this.numbersWanted = setup.numbersWanted;
    if (setup.exactQuantileLimit === null) return;
    for (let k = 0; k < this.accumulators.length; k++) {
      if (setup.numeric[k]) this.accumulators[k].quantiles.setExactLimit(setup.exactQuantileLimit);
    }
  }

  /** Ends the scan: the accumulators let go of what only the scan needed (their memos). */
  finish(): void {
    for (const acc of this.accumulators) acc.dropMemo();
  }

  /** Takes back a batch's arrays once the coordinator is done with them. */
  recycle(batch: GroupBatch): void {
    this.spare.push(...batch.hashes);
    for (const a of batch.numbers) if (a) this.spare.push(a);
  }

  private array(): Float64Array {
    const a = this.spare.pop();
    return a !== undefined && a.length >= this.capacity ? a : new Float64Array(this.capacity);
  }
}
