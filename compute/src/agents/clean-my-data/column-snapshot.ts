/** Per-column null share, distinct count and top values of a dataset, streamed (for before/after views). */
import type * as report from "@agensium/shared";
import type { Dataset } from "../../engine/types.js";
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

/** Snapshots the columns `counted` accepts (every column without it); the rows are always counted. */
export async function snapshotColumns(
  dataset: Dataset,
  topValues: number,
  signal?: AbortSignal,
  counted: (column: number) => boolean = () => true,
): Promise<{ rows: number; columns: Map<string, ColumnSnapshot> }> {
  const counters = dataset.columns.map(() => new ValueCounter(EXACT_DISTINCT));
  const nulls = dataset.columns.map(() => 0);
  const wanted = dataset.columns.map((_, c) => counted(c));
  let rows = 0;
  for await (const { batch } of dataset.batches(signal)) {
    const cells = columnsOf(batch, dataset.columns.length);
    cells.forEach((col, c) => {
      if (!wanted[c]) return;
      for (let i = 0; i < batch.numRows; i++) {
        const start = col.offsets[i];
        const end = col.offsets[i + 1];
        if (isNullCell(col, i) || start === end) nulls[c]++;
        else counters[c].add(hashBytes(col.values, start, end), col.values, start, end);
      }
    });
    rows += batch.numRows;
  }
  const columns = new Map<string, ColumnSnapshot>();
  dataset.columns.forEach((name, c) => {
    if (!wanted[c]) return;
    columns.set(name, {
      nulls: nulls[c],
      null_share: rows > 0 ? nulls[c] / rows : 0,
      distinct: counters[c].distinct(),
      top_values: counters[c].top(topValues),
    });
  });
  return { rows, columns };
}
