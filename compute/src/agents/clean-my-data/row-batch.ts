/**
 * Reading and rebuilding batches cell by cell. An agent reads a batch's columns as byte ranges
 * (no string per untouched cell) and writes its output row by row: unchanged cells are copied
 * as bytes, changed ones written as text, and each row keeps its original row number.
 */
import type { RecordBatch } from "apache-arrow";
import { Utf8BatchBuilder } from "../../readers/utf8-batch-builder.js";
import { batchColumnCells, cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";

/** The cells of every column of a batch, in the dataset's column order. */
export function columnsOf(batch: RecordBatch, count: number): Utf8Cells[] {
  const out: Utf8Cells[] = [];
  for (let c = 0; c < count; c++) out.push(batchColumnCells(batch, c)[0]);
  return out;
}

/** A cell's text, or null when missing. */
export function cellValue(cells: Utf8Cells, i: number): string | null {
  return isNullCell(cells, i) ? null : cellText(cells, i);
}

/** A whole row as text (nulls kept), for quarantine and previews. */
export function rowValues(columns: Utf8Cells[], i: number): (string | null)[] {
  return columns.map((cells) => cellValue(cells, i));
}

export class RowBatchBuilder {
  private readonly builder: Utf8BatchBuilder;
  private readonly rowNumbers: Int32Array;
  private count = 0;
  private contiguous = true;

  constructor(columns: string[], capacity: number) {
    this.builder = new Utf8BatchBuilder(columns, Math.max(1, capacity));
    this.rowNumbers = new Int32Array(Math.max(1, capacity));
  }

  get rows(): number {
    return this.count;
  }

  /** Starts an output row that came from original row `rowNumber`. */
  begin(rowNumber: number): void {
    if (this.count > 0 && rowNumber !== this.rowNumbers[this.count - 1] + 1) this.contiguous = false;
    this.rowNumbers[this.count] = rowNumber;
  }

  copy(column: number, cells: Utf8Cells, i: number): void {
    const target = this.builder.columns[column];
    if (isNullCell(cells, i)) target.pushNull();
    else target.pushBytes(cells.values, cells.offsets[i], cells.offsets[i + 1]);
  }

  set(column: number, value: string | null): void {
    const target = this.builder.columns[column];
    if (value === null) target.pushNull();
    else target.pushString(value);
  }

  end(): void {
    this.count++;
    this.builder.rows++;
  }

  /** The finished batch and its provenance (first row when contiguous, else one number per row). */
  finish(): { batch: RecordBatch; rows: number | Int32Array } {
    const firstRow = this.rowNumbers[0];
    const { batch } = this.builder.finish(firstRow);
    const rows = this.contiguous ? firstRow : this.rowNumbers.slice(0, this.count);
    return { batch, rows };
  }
}
