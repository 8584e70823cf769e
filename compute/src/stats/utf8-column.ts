/**
 * Zero-copy access to an Arrow Utf8 column: cells are read as byte ranges of the column's value
 * buffer, so the hot loops parse and hash bytes without creating a JS string per cell.
 */
import type { Data, RecordBatch, Utf8, Vector } from "apache-arrow";

export interface Utf8Cells {
  length: number;
  /** Byte offsets: cell i spans values[offsets[i]..offsets[i+1]). */
  offsets: Int32Array;
  values: Uint8Array;
  /** Validity bitmap (bit offset + i), or null when the column has no nulls. */
  validity: Uint8Array | null;
  bitOffset: number;
}

export function utf8Cells(vector: Vector<Utf8>): Utf8Cells[] {
  return vector.data.map((data: Data<Utf8>) => ({
    length: data.length,
    offsets: data.valueOffsets,
    values: data.values,
    validity: data.nullCount > 0 ? (data.nullBitmap ?? null) : null,
    bitOffset: data.offset,
  }));
}

/** The cells of column `index` of a batch (a RecordBatch column is normally one chunk). */
export function batchColumnCells(batch: RecordBatch, index: number): Utf8Cells[] {
  const child = batch.getChildAt(index) as Vector<Utf8> | null;
  return child ? utf8Cells(child) : [];
}

export function isNullCell(cells: Utf8Cells, i: number): boolean {
  if (!cells.validity) return false;
  const bit = cells.bitOffset + i;
  return (cells.validity[bit >> 3] & (1 << (bit & 7))) === 0;
}

const decoder = new TextDecoder();

/** Decodes one cell; used only where a string is unavoidable (reported values, regex checks). */
export function cellText(cells: Utf8Cells, i: number): string {
  return decoder.decode(cells.values.subarray(cells.offsets[i], cells.offsets[i + 1]));
}

export function bytesText(values: Uint8Array, start: number, end: number): string {
  return decoder.decode(values.subarray(start, end));
}

/** Unsigned byte-wise comparison: the order DuckDB (and UTF-8 code points) use for strings. */
export function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let k = 0; k < n; k++) {
    const d = a[aStart + k] - b[bStart + k];
    if (d !== 0) return d;
  }
  return aEnd - aStart - (bEnd - bStart);
}
