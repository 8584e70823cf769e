/**
 * Row access for the master agents. Each batch gives every column as bytes (the Arrow value
 * buffer and offsets, no copy) and, only for a column an agent asks for, as decoded text
 * (null = missing), decoded once per batch. Hashes and blank tests read the bytes, so a pass
 * that only counts or fingerprints values never makes a string. A CSV writer yields chunks of
 * about a megabyte so output files stream.
 */

import type { RecordBatch } from "apache-arrow";
import { type Dataset, scanBatches } from "../../engine/types.js";
import { csvField } from "../../reports/csv-field.js";
import { finishHash, hashBytes } from "../../stats/hash.js";
import { batchColumnCells, cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";

export interface RowBatch {
  rows: number;
  /** 1-based data row of the batch's first row in the user's file. */
  firstRow: number;
  /** The bytes of column c (every cell null when the batch lacks the column). */
  cells: Utf8Cells[];
  /** The text of column c, row by row (null when missing), decoded on first use in this batch. */
  column(c: number): (string | null)[];
}

/** One Utf8Cells for a column of a batch, whatever its chunking (a RecordBatch column is normally one chunk). */
function columnCells(batch: RecordBatch, index: number): Utf8Cells {
  const chunks = index < 0 ? [] : batchColumnCells(batch, index);
  if (chunks.length === 1) return chunks[0];
  const rows = batch.numRows;
  const offsets = new Int32Array(rows + 1);
  const validity = new Uint8Array(Math.ceil(rows / 8));
  let bytes = 0;
  for (const c of chunks) bytes += c.offsets[c.length] - c.offsets[0];
  const values = new Uint8Array(bytes);
  let i = 0;
  for (const c of chunks) {
    for (let k = 0; k < c.length; k++, i++) {
      const start = c.offsets[k];
      const end = c.offsets[k + 1];
      values.set(c.values.subarray(start, end), offsets[i]);
      offsets[i + 1] = offsets[i] + end - start;
      if (!isNullCell(c, k)) validity[i >> 3] |= 1 << (i & 7);
    }
  }
  // A column the batch lacks is all nulls: the validity bitmap stays zero.
  return { length: rows, offsets, values, validity, bitOffset: 0 };
}

/**
 * The dataset's batches as rows. A batch's cells are valid only until the next batch is asked
 * for (they are read into reused buffers, see Dataset.transientBatches): the agents keep hashes,
 * counts and decoded text, never the cells themselves.
 */
export async function* rowBatches(dataset: Dataset, signal?: AbortSignal): AsyncIterable<RowBatch> {
  for await (const { batch, firstRow } of scanBatches(dataset, signal)) {
    const cells = dataset.columns.map((name) =>
      columnCells(
        batch,
        batch.schema.fields.findIndex((f) => f.name === name),
      ),
    );
    const decoded: ((string | null)[] | undefined)[] = new Array(cells.length);
    yield {
      rows: batch.numRows,
      firstRow,
      cells,
      column(c) {
        let out = decoded[c];
        if (!out) {
          out = decodeColumn(cells[c]);
          decoded[c] = out;
        }
        return out;
      },
    };
  }
}

function decodeColumn(cells: Utf8Cells): (string | null)[] {
  const out = new Array<string | null>(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = isNullCell(cells, i) ? null : cellText(cells, i);
  return out;
}

/** The text of one cell, null when missing. */
export function cellValue(cells: Utf8Cells, i: number): string | null {
  return isNullCell(cells, i) ? null : cellText(cells, i);
}

/** A value that says nothing: missing, empty or only spaces. */
export function isBlank(value: string | null): boolean {
  return value === null || value.trim() === "";
}

/** isBlank on the cell's bytes: decodes only a cell made of spaces and non-ASCII bytes (String.prototype.trim knows Unicode spaces). */
export function isBlankCell(cells: Utf8Cells, i: number): boolean {
  if (isNullCell(cells, i)) return true;
  const values = cells.values;
  const end = cells.offsets[i + 1];
  for (let k = cells.offsets[i]; k < end; k++) {
    const b = values[k];
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    if (b >= 0x80) return cellText(cells, i).trim() === "";
    return false;
  }
  return true;
}

/** hashText of the cell's text, from its bytes. */
export function cellHash(cells: Utf8Cells, i: number): number {
  return hashBytes(cells.values, cells.offsets[i], cells.offsets[i + 1]);
}

/** hashText of the cell's trimmed text, from its bytes (decoding only when a non-ASCII byte sits at either end). */
export function trimmedCellHash(cells: Utf8Cells, i: number): number {
  const values = cells.values;
  let start = cells.offsets[i];
  let end = cells.offsets[i + 1];
  while (start < end && isAsciiSpace(values[start])) start++;
  while (end > start && isAsciiSpace(values[end - 1])) end--;
  if (start < end && (values[start] >= 0x80 || values[end - 1] >= 0x80)) return hashText(cellText(cells, i).trim());
  return hashBytes(values, start, end);
}

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

const CHUNK_CHARS = 1 << 20;
const encoder = new TextEncoder();

/** Streams CSV lines (RFC 4180, CRLF) from rows produced lazily. */
export async function* csvChunks(header: string[], rows: AsyncIterable<unknown[]> | Iterable<unknown[]>): AsyncIterable<Uint8Array> {
  let text = `${header.map(csvField).join(",")}\r\n`;
  for await (const row of rows) {
    text += `${row.map(csvField).join(",")}\r\n`;
    if (text.length >= CHUNK_CHARS) {
      yield encoder.encode(text);
      text = "";
    }
  }
  if (text.length > 0) yield encoder.encode(text);
}

/** How outputs name the file a row came from: the input's role and format ("primary.csv"). */
export function sourceLabel(dataset: Dataset): string {
  return `${dataset.role}.${dataset.format}`;
}

/** UTF-8 bytes of one string, reused: a text made only of code points below 0x80 never needs it. */
let scratch = new Uint8Array(256);

/**
 * The 53-bit hash of a text's UTF-8 bytes (hash.ts's hashBytes). An ASCII text is hashed from its
 * char codes (they are its bytes); any other is encoded into a reused buffer, never a new one.
 */
export function hashText(text: string): number {
  const n = text.length;
  let ascii = true;
  for (let k = 0; k < n; k++) {
    if (text.charCodeAt(k) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return hashAscii(text);
  if (scratch.length < n * 3) scratch = new Uint8Array(n * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return hashBytes(scratch, 0, written);
}

/** hashBytes over the char codes of an ASCII text: the same steps, the same number. */
function hashAscii(text: string): number {
  const n = text.length;
  let h1 = 0x9747b28c ^ n;
  let h2 = 0x5bd1e995 ^ n;
  for (let k = 0; k < n; k++) {
    const b = text.charCodeAt(k);
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x85ebca6b) ^ b;
  }
  return finishHash(h1, h2);
}

/**
 * hashText(parts.join(String.fromCharCode(separator))) without building the joined string: for
 * ASCII parts the hash runs over their char codes with the separator between them.
 */
export function hashJoined(parts: readonly string[], count: number, separator: number): number {
  let n = count - 1;
  for (let p = 0; p < count; p++) {
    const part = parts[p];
    n += part.length;
    for (let k = 0; k < part.length; k++)
      if (part.charCodeAt(k) >= 0x80) return hashText(parts.slice(0, count).join(String.fromCharCode(separator)));
  }
  let h1 = 0x9747b28c ^ n;
  let h2 = 0x5bd1e995 ^ n;
  for (let p = 0; p < count; p++) {
    if (p > 0) {
      h1 = Math.imul(h1 ^ separator, 0x01000193);
      h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x85ebca6b) ^ separator;
    }
    const part = parts[p];
    for (let k = 0; k < part.length; k++) {
      const b = part.charCodeAt(k);
      h1 = Math.imul(h1 ^ b, 0x01000193);
      h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x85ebca6b) ^ b;
    }
  }
  return finishHash(h1, h2);
}
