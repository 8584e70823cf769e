/**
 * Builds a DataBatch of Utf8 columns straight into typed arrays (offsets + UTF-8 bytes +
 * validity) and wraps them with makeData: no per-value Arrow builder, no JS string per cell
 * for byte-sourced formats. Each batch gets fresh buffers, so a finished batch is never mutated.
 *
 * Buffers start small and grow on demand (sized from the previous batch), and a batch is cut
 * at `batchBytes` as well as at `capacityRows`: memory follows the bytes actually read, so a
 * file with thousands of columns gets fewer rows per batch instead of thousands of
 * preallocated full-height columns.
 */
import { type Data, Field, makeData, RecordBatch, Schema, Struct, Utf8 } from "apache-arrow";
import type { DataBatch } from "../engine/types.js";
import { isNullCell, type Utf8Cells } from "../stats/utf8-column.js";

const encoder = new TextEncoder();

/** Bytes a batch may hold (cell text plus 4 offset bytes per cell) before it is cut. */
export const DEFAULT_BATCH_BYTES = 32 * 1024 * 1024;
/** First allocation per column: rows (fewer when the columns are many) and value bytes. */
const FIRST_ROWS = 1024;
const MIN_ROWS = 16;
const MIN_VALUE_BYTES = 256;
/** Cells up to this long are copied byte by byte, longer ones with one set() (see pushBytes). */
const SHORT_CELL_BYTES = 64;

/** The byte count every column of one batch adds to. */
interface Tally {
  bytes: number;
}

export class Utf8ColumnBuffer {
  values: Uint8Array;
  used = 0;
  offsets: Int32Array;
  validity: Uint8Array | null = null;
  nullCount = 0;
  length = 0;

  constructor(
    rowsHint: number,
    valueBytesHint: number,
    private readonly tally: Tally = { bytes: 0 },
  ) {
    this.offsets = new Int32Array(Math.max(1, rowsHint) + 1);
    this.values = new Uint8Array(Math.max(MIN_VALUE_BYTES, valueBytesHint));
  }

  /** The rows so far as cells to read or pass on (RowBatchBuilder.pass), over these buffers (no copy). */
  get cells(): Utf8Cells {
    return { length: this.length, offsets: this.offsets, values: this.values, validity: this.validity, bitOffset: 0 };
  }

  /** The first `length` rows as Arrow Utf8 data, over these buffers (no copy). */
  toData(length: number): Data<Utf8> {
    return makeData({
      type: new Utf8(),
      length,
      nullCount: this.nullCount,
      valueOffsets: this.offsets.subarray(0, length + 1),
      data: this.values.subarray(0, this.used),
      nullBitmap: this.validity ?? undefined,
    });
  }

  private ensure(extra: number) {
    if (this.used + extra <= this.values.length) return;
    let size = this.values.length * 2;
    while (size < this.used + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.values.subarray(0, this.used));
    this.values = grown;
  }

  /** Room for one more row in the offsets (and the validity bitmap, once there is one). */
  private ensureRow() {
    if (this.length + 1 < this.offsets.length) return;
    this.growRows(this.length + 1);
  }

  private growRows(needed: number) {
    let rows = (this.offsets.length - 1) * 2;
    while (rows < needed) rows *= 2;
    const offsets = new Int32Array(rows + 1);
    offsets.set(this.offsets);
    this.offsets = offsets;
    if (this.validity) {
      const validity = new Uint8Array((rows + 7) >> 3);
      validity.set(this.validity);
      this.validity = validity;
    }
  }

  private commit(bytes: number) {
    this.tally.bytes += bytes + 4;
    this.offsets[++this.length] = this.used;
    if (this.validity !== null) this.markValid();
  }

  pushBytes(src: Uint8Array, start: number, end: number) {
    this.ensureRow();
    const n = end - start;
    if (n > 0) {
      this.ensure(n);
      const values = this.values;
      const at = this.used;
      // Most cells are a few bytes: a plain loop beats making a subarray view per cell for set()
      // (that view was about a third of the reader's CPU and much of its garbage).
      if (n <= SHORT_CELL_BYTES) for (let k = 0; k < n; k++) values[at + k] = src[start + k];
      else values.set(src.subarray(start, end), at);
      this.used = at + n;
    }
    this.commit(n);
  }

  /**
   * Cells [from, to) of a column, appended in one go: their bytes with one set() and their offsets
   * shifted, rather than cell by cell (a rebuilt batch copies long runs of untouched rows). A
   * missing cell stays missing, its bytes (none, from every builder here) kept with it.
   */
  pushRange(cells: Utf8Cells, from: number, to: number) {
    const n = to - from;
    if (n <= 0) return;
    if (this.length + n >= this.offsets.length) this.growRows(this.length + n);
    const src = cells.offsets;
    const first = src[from];
    const bytes = src[to] - first;
    this.ensure(bytes);
    if (bytes > 0) this.values.set(cells.values.subarray(first, first + bytes), this.used);
    const shift = this.used - first;
    const offsets = this.offsets;
    const at = this.length;
    for (let k = 1; k <= n; k++) offsets[at + k] = src[from + k] + shift;
    this.used += bytes;
    this.tally.bytes += bytes + 4 * n;
    if (cells.validity !== null || this.validity !== null) {
      for (let k = 0; k < n; k++) {
        this.length = at + k + 1;
        if (isNullCell(cells, from + k)) this.markNull();
        else if (this.validity !== null) this.markValid();
      }
    }
    this.length = at + n;
  }

  /** A quoted CSV field: copies bytes, collapsing each doubled quote `""` to one. */
  pushUnquoted(src: Uint8Array, start: number, end: number, quote: number) {
    this.ensureRow();
    this.ensure(end - start);
    const values = this.values;
    const from = this.used;
    let w = from;
    for (let i = start; i < end; i++) {
      const b = src[i];
      values[w++] = b;
      if (b === quote) i++;
    }
    this.used = w;
    this.commit(w - from);
  }

  pushString(text: string) {
    this.ensureRow();
    this.ensure(text.length * 3);
    const written = encoder.encodeInto(text, this.values.subarray(this.used)).written;
    this.used += written;
    this.commit(written);
  }

  pushNull() {
    this.ensureRow();
    this.tally.bytes += 4;
    this.offsets[++this.length] = this.used;
    this.markNull();
  }

  /** The last row is missing: its bit stays clear in a bitmap made (all set before it) on the first. */
  private markNull() {
    if (!this.validity) {
      this.validity = new Uint8Array((this.offsets.length - 1 + 7) >> 3);
      for (let i = 0; i < this.length - 1; i++) this.validity[i >> 3] |= 1 << (i & 7);
    }
    this.nullCount++;
  }

  private markValid() {
    const i = this.length - 1;
    (this.validity as Uint8Array)[i >> 3] |= 1 << (i & 7);
  }
}

export class Utf8BatchBuilder {
  readonly schema: Schema;
  columns: Utf8ColumnBuffer[];
  rows = 0;
  private tally: Tally = { bytes: 0 };
  private rowsHint: number;
  private bytesHint: number[];

  constructor(
    readonly names: string[],
    readonly capacityRows: number,
    readonly batchBytes: number = DEFAULT_BATCH_BYTES,
  ) {
    this.schema = new Schema(names.map((name) => new Field(name, new Utf8(), true)));
    // About 16 bytes a cell until the first batch tells better.
    const fitting = Math.floor(batchBytes / (16 * Math.max(1, names.length)));
    this.rowsHint = Math.min(capacityRows, Math.max(MIN_ROWS, Math.min(FIRST_ROWS, fitting)));
    // The first batch shares the byte budget between its columns; later ones start from what the previous used.
    const firstBytes = Math.min(capacityRows * 8, Math.floor(batchBytes / Math.max(1, names.length)));
    this.bytesHint = names.map(() => firstBytes);
    this.columns = this.fresh();
  }

  private fresh() {
    this.tally = { bytes: 0 };
    return this.bytesHint.map((hint) => new Utf8ColumnBuffer(this.rowsHint, hint, this.tally));
  }

  /** True when the batch has its rows, or its bytes: the reader then finishes it before adding more. */
  get full() {
    return this.rows >= this.capacityRows || (this.rows > 0 && this.tally.bytes >= this.batchBytes);
  }

  /** Finishes the rows pushed so far as one batch and starts new buffers. */
  finish(firstRow: number): DataBatch {
    const length = this.rows;
    const children = this.columns.map((col, index) => {
      // A little headroom over what this batch used avoids regrowing the next one.
      this.bytesHint[index] = Math.ceil(col.used * 1.1) + 64;
      return col.toData(length);
    });
    this.rowsHint = Math.min(this.capacityRows, Math.max(length, MIN_ROWS));
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children });
    this.columns = this.fresh();
    this.rows = 0;
    return { batch: new RecordBatch(this.schema, data), firstRow };
  }
}
