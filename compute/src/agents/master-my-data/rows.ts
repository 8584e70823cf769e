/**
 * Row access for the master agents: each batch's columns decoded once into text (null = missing),
 * and a CSV writer that yields chunks of about a megabyte so output files stream.
 */

import type { Dataset } from "../../engine/types.js";
import { csvField } from "../../reports/csv-field.js";
import { hashBytes } from "../../stats/hash.js";
import { batchColumnCells, cellText, isNullCell } from "../../stats/utf8-column.js";

export interface TextBatch {
  /** columns[c][i]: the text of column c in row i of the batch, null when missing. */
  columns: (string | null)[][];
  rows: number;
  /** 1-based data row of the batch's first row in the user's file. */
  firstRow: number;
}

export async function* textBatches(dataset: Dataset, signal?: AbortSignal): AsyncIterable<TextBatch> {
  for await (const { batch, firstRow } of dataset.batches(signal)) {
    const columns = dataset.columns.map((name) => {
      const index = batch.schema.fields.findIndex((f) => f.name === name);
      const out = new Array<string | null>(batch.numRows).fill(null);
      if (index < 0) return out;
      let base = 0;
      for (const cells of batchColumnCells(batch, index)) {
        for (let i = 0; i < cells.length; i++) out[base + i] = isNullCell(cells, i) ? null : cellText(cells, i);
        base += cells.length;
      }
      return out;
    });
    yield { columns, rows: batch.numRows, firstRow };
  }
}

/** A value that says nothing: missing, empty or only spaces. */
export function isBlank(value: string | null): boolean {
  return value === null || value.trim() === "";
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

const textEncoder = new TextEncoder();

/** The 53-bit hash of a text (hash.ts's hashBytes), encoding with one shared encoder on hot paths. */
export function hashText(text: string): number {
  const bytes = textEncoder.encode(text);
  return hashBytes(bytes, 0, bytes.length);
}
