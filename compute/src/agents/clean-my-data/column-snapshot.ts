/** Per-column null share, distinct count and top values of a dataset, streamed (for before/after views). */
import type * as report from "@agensium/shared";
import type { RecordBatch } from "apache-arrow";
import { type Dataset, scanBatches } from "../../engine/types.js";
import { hashBytes } from "../../stats/hash.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { ValueCounter } from "../../stats/value-counter.js";
import { columnsOf } from "./row-batch.js";

const EXACT_DISTINCT = 100_000;

export type ColumnSnapshot = report.ColumnSnapshot;

/** Whether a cell counts as null in a snapshot: missing or empty. */
export function isBlankCell(cells: Utf8Cells, i: number): boolean {
  return isNullCell(cells, i) || cells.offsets[i] === cells.offsets[i + 1];
}

/** Counts a snapshot batch by batch, for a pass that reads the dataset for more than the snapshot. */
export class SnapshotCounter {
  private readonly counters: ValueCounter[];
  private readonly nulls: number[];
  private readonly wanted: boolean[];
  private rows = 0;

  /** Snapshots the columns `counted` accepts (every column without it); the rows are always counted. */
  constructor(
    private readonly columns: string[],
    counted: (column: number) => boolean = () => true,
  ) {
    this.counters = columns.map(() => new ValueCounter(EXACT_DISTINCT));
    this.nulls = columns.map(() => 0);
    this.wanted = columns.map((_, c) => counted(c));
  }

  add(batch: RecordBatch): void {
    const cells = columnsOf(batch, this.columns.length);
    for (let c = 0; c < cells.length; c++) {
      if (!this.wanted[c]) continue;
      const col = cells[c];
      const counter = this.counters[c];
      for (let i = 0; i < batch.numRows; i++) {
        const start = col.offsets[i];
        const end = col.offsets[i + 1];
        if (isNullCell(col, i) || start === end) this.nulls[c]++;
        else counter.add(hashBytes(col.values, start, end), col.values, start, end);
      }
    }
    this.rows += batch.numRows;
  }

  /** The snapshot of each column of the dataset, by index (null for a column not counted). */
  snapshots(topValues: number): (ColumnSnapshot | null)[] {
    const { rows, nulls, counters } = this;
    return this.columns.map((_, c) =>
      this.wanted[c]
        ? {
            nulls: nulls[c],
            null_share: rows > 0 ? nulls[c] / rows : 0,
            distinct: counters[c].distinct(),
            top_values: counters[c].top(topValues),
          }
        : null,
    );
  }

  get rowsCounted(): number {
    return this.rows;
  }

  result(topValues: number): { rows: number; columns: Map<string, ColumnSnapshot> } {
    return { rows: this.rows, columns: snapshotsByName(this.columns, this.snapshots(topValues)) };
  }
}

/** Snapshots by column name (a name the dataset repeats keeps its last column's, as the report is keyed by name). */
export function snapshotsByName(names: string[], snapshots: (ColumnSnapshot | null)[]): Map<string, ColumnSnapshot> {
  const columns = new Map<string, ColumnSnapshot>();
  names.forEach((name, c) => {
    const snapshot = snapshots[c];
    if (snapshot) columns.set(name, snapshot);
  });
  return columns;
}

/** Snapshots the columns `counted` accepts (every column without it) in one pass of its own. */
export async function snapshotColumns(
  dataset: Dataset,
  topValues: number,
  signal?: AbortSignal,
  counted: (column: number) => boolean = () => true,
): Promise<{ rows: number; columns: Map<string, ColumnSnapshot> }> {
  const counter = new SnapshotCounter(dataset.columns, counted);
  for await (const { batch } of scanBatches(dataset, signal)) counter.add(batch);
  return counter.result(topValues);
}
