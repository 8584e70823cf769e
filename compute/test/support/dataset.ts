/**
 * Builds an in-memory Dataset from rows with apache-arrow, in the readers' exact shape (Utf8
 * columns, missing → null, empty → ""), so agent tests run without files or storage.
 */
import { type RecordBatch, Table, Utf8, vectorFromArray } from "apache-arrow";
import type { Dataset } from "../../src/engine/types.js";

export type Cell = string | null;

export function datasetFromRows(columns: string[], rows: Cell[][], options: { batchSize?: number; role?: Dataset["role"] } = {}): Dataset {
  const batchSize = options.batchSize ?? 1_000;
  const batches: RecordBatch[] = [];
  for (let start = 0; start < Math.max(rows.length, 1); start += batchSize) {
    const slice = rows.slice(start, start + batchSize);
    if (slice.length === 0) break;
    const vectors = Object.fromEntries(
      columns.map((name, c) => [
        name,
        vectorFromArray(
          slice.map((r) => r[c] ?? null),
          new Utf8(),
        ),
      ]),
    );
    batches.push(...new Table(vectors).batches);
  }
  return {
    role: options.role ?? "primary",
    format: "csv",
    columns,
    async *batches() {
      let firstRow = 1;
      for (const batch of batches) {
        yield { batch, firstRow };
        firstRow += batch.numRows;
      }
    },
  };
}

/** A dataset from a column → values object (all columns the same length). */
export function datasetFromColumns(data: Record<string, Cell[]>, options: { batchSize?: number; role?: Dataset["role"] } = {}): Dataset {
  const columns = Object.keys(data);
  const n = columns.length > 0 ? data[columns[0]].length : 0;
  const rows = Array.from({ length: n }, (_, i) => columns.map((c) => data[c][i]));
  return datasetFromRows(columns, rows, options);
}
