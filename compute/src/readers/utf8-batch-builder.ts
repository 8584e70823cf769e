/**
 * Builds a DataBatch of Utf8 columns straight into typed arrays (offsets + UTF-8 bytes +
 * validity) and wraps them with makeData: no per-value Arrow builder, no JS string per cell
 * for byte-sourced formats. Each batch gets fresh buffers, so a finished batch is never mutated.
 */
import { Field, makeData, RecordBatch, Schema, Struct, Utf8 } from "apache-arrow";
import type { DataBatch } from "../engine/types.js";

const encoder = new TextEncoder();

export class Utf8ColumnBuffer {
  values: Uint8Array;
  used = 0;
  readonly offsets: Int32Array;
  validity: Uint8Array | null = null;
  nullCount = 0;
  length = 0;

  constructor(
    private readonly capacityRows: number,
    valueBytesHint: number,
  ) {
    this.offsets = new Int32Array(capacityRows + 1);
    this.values = new Uint8Array(Math.max(1024, valueBytesHint));
  }

  private ensure(extra: number) {
    if (this.used + extra <= this.values.length) return;
    let size = this.values.length * 2;
    while (size < this.used + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.values.subarray(0, this.used));
    this.values = grown;
  }

  pushBytes(src: Uint8Array, start: number, end: number) {
    const n = end - start;
    if (n > 0) {
      this.ensure(n);
      this.values.set(src.subarray(start, end), this.used);
      this.used += n;
    }
    this.offsets[++this.length] = this.used;
    if (this.validity !== null) this.markValid();
  }

  /** A quoted CSV field: copies bytes, collapsing each doubled quote `""` to one. */
  pushUnquoted(src: Uint8Array, start: number, end: number, quote: number) {
    this.ensure(end - start);
    const values = this.values;
    let w = this.used;
    for (let i = start; i < end; i++) {
      const b = src[i];
      values[w++] = b;
      if (b === quote) i++;
    }
    this.used = w;
    this.offsets[++this.length] = w;
    if (this.validity !== null) this.markValid();
  }

  pushString(text: string) {
    this.ensure(text.length * 3);
    this.used += encoder.encodeInto(text, this.values.subarray(this.used)).written;
    this.offsets[++this.length] = this.used;
    if (this.validity !== null) this.markValid();
  }

  pushNull() {
    if (!this.validity) {
      this.validity = new Uint8Array((this.capacityRows + 7) >> 3);
      for (let i = 0; i < this.length; i++) this.validity[i >> 3] |= 1 << (i & 7);
    }
    this.nullCount++;
    this.offsets[++this.length] = this.used;
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
  private bytesHint: number[];

  constructor(
    readonly names: string[],
    readonly capacityRows: number,
  ) {
    this.schema = new Schema(names.map((name) => new Field(name, new Utf8(), true)));
    this.bytesHint = names.map(() => capacityRows * 8);
    this.columns = this.fresh();
  }

  private fresh() {
    return this.bytesHint.map((hint) => new Utf8ColumnBuffer(this.capacityRows, hint));
  }

  get full() {
    return this.rows >= this.capacityRows;
  }

  /** Finishes the rows pushed so far as one batch and starts new buffers. */
  finish(firstRow: number): DataBatch {
    const length = this.rows;
    const children = this.columns.map((col, index) => {
      // A little headroom over what this batch used avoids regrowing the next one.
      this.bytesHint[index] = Math.ceil(col.used * 1.1) + 1024;
      return makeData({
        type: new Utf8(),
        length,
        nullCount: col.nullCount,
        valueOffsets: col.offsets.subarray(0, length + 1),
        data: col.values.subarray(0, col.used),
        nullBitmap: col.validity ?? undefined,
      });
    });
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children });
    this.columns = this.fresh();
    this.rows = 0;
    return { batch: new RecordBatch(this.schema, data), firstRow };
  }
}
