/**
 * Reading and rebuilding batches cell by cell. An agent reads a batch's columns as byte ranges
 * (no string per untouched cell) and writes its output row by row: unchanged cells are copied
 * as bytes (or not at all, see RowBatchBuilder), changed ones written as text, and each row keeps
 * its original row number.
 */
import { Field, makeData, RecordBatch, Schema, Struct, Utf8 } from "apache-arrow";
import type { DataBatch } from "../../engine/types.js";
import { Utf8ColumnBuffer } from "../../readers/utf8-batch-builder.js";
import { batchColumnCells, cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { rowNumberOf } from "./derived-dataset.js";

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

/** The batch a builder's rows come from, so a column passed through whole can be reused as it is. */
export interface RowSource {
  batch: RecordBatch;
  /** columnsOf(batch): the cells agents copy from. */
  cells: Utf8Cells[];
}

/**
 * Rows written one at a time. A column whose every row so far is a copy of one source column,
 * taken from the source row the output row came from, is not copied cell by cell: most agents
 * change few of a batch's cells, and copying every untouched cell cost more than the agents' own
 * work. Such a column is copied out in runs of consecutive source rows (one set() per run) when a
 * row breaks the pattern or the batch is finished; when it has every source row in order, the
 * source column itself goes into the output batch. Dropped rows only shorten a run, so a batch
 * that loses a few rows (quarantine, outliers, duplicates) still copies its columns in bulk.
 *
 * An agent that knows before the rows that a column keeps every cell of a batch says so once
 * (pass) and names each row's source row when it begins it: that column then takes no call per
 * row at all, which on a million rows was most of an agent's time for the columns it leaves be.
 */
export class RowBatchBuilder {
  private readonly schema: Schema;
  private readonly buffers: (Utf8ColumnBuffer | null)[];
  /** Per column, while it follows one source column row for row: that column's cells. */
  private readonly following: (Utf8Cells | null)[];
  private readonly rowNumbers: Int32Array;
  /** Per output row, the source row (index in the batch) its followed cells come from. */
  private readonly sourceRows: Int32Array;
  /** The current row's source row, once a following column has copied from it (-1 before). */
  private rowSource = -1;
  /** Whether every row so far is the source row of the same index: no row dropped or moved. */
  private inPlace = true;
  /** Per column, 1 when it passes whole (pass): it follows its source on every row, unwritten. */
  private readonly passed: Uint8Array;
  private passing = 0;
  private count = 0;
  private contiguous = true;

  constructor(
    columns: string[],
    private readonly capacity: number,
    private readonly source: RowSource | null = null,
  ) {
    this.schema = new Schema(columns.map((name) => new Field(name, new Utf8(), true)));
    this.buffers = columns.map(() => null);
    this.following = columns.map(() => null);
    this.rowNumbers = new Int32Array(Math.max(1, capacity));
    this.sourceRows = new Int32Array(Math.max(1, capacity));
    this.passed = new Uint8Array(columns.length);
  }

  get rows(): number {
    return this.count;
  }

  /** Whether every output column passes whole (pass): a row then needs only begin and end. */
  get passesEveryColumn(): boolean {
    return this.passing === this.passed.length;
  }

  /**
   * Output column `column` is `cells` row for row, the row begin() names, for every row of this
   * batch: it is neither copied nor set per row. Said before the first row.
   */
  pass(column: number, cells: Utf8Cells): void {
    if (this.count > 0 || this.buffers[column] !== null) throw new Error("A column passes whole only from a batch's first row");
    if (this.passed[column] === 0) this.passing++;
    this.passed[column] = 1;
    this.following[column] = cells;
  }

  /**
   * Starts an output row that came from original row `rowNumber` and, when `from` is given, from
   * row `from` of the source cells (a builder with columns passed whole needs it on every row).
   */
  begin(rowNumber: number, from = -1): void {
    if (this.count > 0 && rowNumber !== this.rowNumbers[this.count - 1] + 1) this.contiguous = false;
    this.rowNumbers[this.count] = rowNumber;
    this.rowSource = from;
    if (from >= 0) {
      this.sourceRows[this.count] = from;
      if (from !== this.count) this.inPlace = false;
    } else if (this.passing > 0) throw new Error("A row of a batch with columns passed whole names its source row");
  }

  copy(column: number, cells: Utf8Cells, i: number): void {
    if (this.buffers[column] === null) {
      const followed = this.following[column];
      if ((followed === null ? this.count === 0 : followed === cells) && (this.rowSource === -1 || this.rowSource === i)) {
        if (this.rowSource === -1) {
          this.rowSource = i;
          this.sourceRows[this.count] = i;
          if (i !== this.count) this.inPlace = false;
        }
        this.following[column] = cells;
        return;
      }
    }
    const target = this.materialized(column);
    if (isNullCell(cells, i)) target.pushNull();
    else target.pushBytes(cells.values, cells.offsets[i], cells.offsets[i + 1]);
  }

  set(column: number, value: string | null): void {
    const target = this.materialized(column);
    if (value === null) target.pushNull();
    else target.pushString(value);
  }

  /** Sets the cell to the UTF-8 text held in bytes[start, end). */
  setBytes(column: number, bytes: Uint8Array, start: number, end: number): void {
    this.materialized(column).pushBytes(bytes, start, end);
  }

  end(): void {
    this.count++;
  }

  /** The column's own buffer, holding copies of the source rows it has followed so far. */
  private materialized(column: number): Utf8ColumnBuffer {
    const existing = this.buffers[column];
    if (existing) return existing;
    if (this.passed[column] === 1) throw new Error(`Column ${column} passes whole through this batch: it takes no cell of its own`);
    return this.copiedOut(column);
  }

  /** A new buffer for the column with the followed rows so far copied into it. */
  private copiedOut(column: number): Utf8ColumnBuffer {
    const followed = this.following[column];
    // Sized for the rows so far at the source column's bytes a row; it grows as rows come.
    const perRow = followed && followed.length > 0 ? (followed.offsets[followed.length] - followed.offsets[0]) / followed.length : 0;
    const buffer = new Utf8ColumnBuffer(this.capacity, Math.ceil(perRow * this.count) + 64);
    // Rows before the current one (a partly written row copied its cells for this row too).
    if (followed) this.copyFollowed(followed, this.count, buffer);
    this.following[column] = null;
    this.buffers[column] = buffer;
    return buffer;
  }

  /** Appends the followed cells of the first `rows` rows, one run of consecutive source rows at a time. */
  private copyFollowed(followed: Utf8Cells, rows: number, buffer: Utf8ColumnBuffer): void {
    const sourceRows = this.sourceRows;
    let k = 0;
    while (k < rows) {
      const from = sourceRows[k];
      let run = 1;
      while (k + run < rows && sourceRows[k + run] === from + run) run++;
      buffer.pushRange(followed, from, from + run);
      k += run;
    }
  }

  /** The finished batch and its provenance (first row when contiguous, else one number per row). */
  finish(): { batch: RecordBatch; rows: number | Int32Array } {
    const length = this.count;
    const children = this.buffers.map((buffer, column) => {
      const followed = this.following[column];
      const at = followed && this.source && this.inPlace ? this.source.cells.indexOf(followed) : -1;
      const whole = at >= 0 ? (this.source as RowSource).batch.data.children[at] : undefined;
      if (buffer === null && whole !== undefined && whole.length === length) return whole;
      return (buffer ?? this.copiedOut(column)).toData(length);
    });
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children });
    const firstRow = this.rowNumbers[0];
    const rows = this.contiguous ? firstRow : this.rowNumbers.slice(0, this.count);
    return { batch: new RecordBatch(this.schema, data), rows };
  }
}

/**
 * The rows of a batch whose `keeps` flag is set, every cell as it is: what quarantine and
 * duplicate-resolver keep of a batch they drop some rows of. `kept` is the number of flags set.
 */
export function keptRows(data: DataBatch, columns: string[], cells: Utf8Cells[], keeps: Uint8Array, kept: number) {
  const out = new RowBatchBuilder(columns, kept);
  for (let c = 0; c < columns.length; c++) out.pass(c, cells[c]);
  for (let i = 0; i < data.batch.numRows; i++) {
    if (keeps[i] === 0) continue;
    out.begin(rowNumberOf(data, i), i);
    out.end();
  }
  return out.finish();
}
