/**
 * JSON array and NDJSON readers. Records are cut out of the byte stream one at a time (a
 * depth/string-aware scanner for arrays, newlines for NDJSON) and parsed individually, so the
 * file is never held. Nested objects become dotted columns; arrays are kept as JSON text.
 */
import type { DataBatch } from "../engine/types.js";
import { EngineError } from "../engine/types.js";
import { checkWidth, type ReaderOptions } from "./reader-options.js";
import { DEFAULT_BATCH_BYTES, Utf8BatchBuilder } from "./utf8-batch-builder.js";

const decoder = new TextDecoder();

type Row = Map<string, string | null>;

export function flattenRecord(value: unknown): Row {
  const row: Row = new Map();
  if (value === null || typeof value !== "object" || Array.isArray(value)) row.set("value", renderValue(value));
  else flattenInto(value as Record<string, unknown>, "", row);
  return row;
}

function flattenInto(object: Record<string, unknown>, prefix: string, row: Row) {
  const keys = Object.keys(object);
  if (keys.length === 0 && prefix) row.set(prefix.slice(0, -1), "{}");
  for (const key of keys) {
    const value = object[key];
    if (value !== null && typeof value === "object" && !Array.isArray(value))
      flattenInto(value as Record<string, unknown>, `${prefix}${key}.`, row);
    else row.set(`${prefix}${key}`, renderValue(value));
  }
}

function renderValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Collects flattened rows into batches whose columns are every name seen so far, in first-seen
 * order. A batch is cut at `batchRows` rows or at `batchBytes` (record text plus 4 bytes per
 * cell), and a record that brings the column count past `maxColumns` is refused before any
 * column buffer exists.
 */
class RowBatcher {
  private rows: Row[] = [];
  private bytes = 0;
  private readonly columns: string[] = [];
  private readonly known = new Set<string>();
  private nextRow = 1;
  private readonly batchBytes: number;

  constructor(private readonly options: ReaderOptions) {
    this.batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  }

  add(row: Row, recordBytes: number): DataBatch | null {
    for (const key of row.keys()) {
      if (!this.known.has(key)) {
        this.known.add(key);
        this.columns.push(key);
      }
    }
    checkWidth(this.columns.length, this.options, `With row ${this.nextRow + this.rows.length}, the file`);
    this.rows.push(row);
    this.bytes += recordBytes + 4 * this.columns.length;
    return this.rows.length >= this.options.batchRows || this.bytes >= this.batchBytes ? this.flush() : null;
  }

  flush(): DataBatch | null {
    if (this.rows.length === 0) return null;
    const builder = new Utf8BatchBuilder(this.columns.slice(), this.rows.length, Number.MAX_SAFE_INTEGER);
    this.columns.forEach((name, k) => {
      const column = builder.columns[k];
      for (const row of this.rows) {
        const value = row.get(name);
        if (value === undefined || value === null) column.pushNull();
        else column.pushString(value);
      }
    });
    builder.rows = this.rows.length;
    const firstRow = this.nextRow;
    this.nextRow += this.rows.length;
    this.rows = [];
    this.bytes = 0;
    return builder.finish(firstRow);
  }
}

function parseRecord(bytes: Uint8Array, row: number, offset: number): Row {
  try {
    return flattenRecord(JSON.parse(decoder.decode(bytes)));
  } catch (err) {
    throw new EngineError("INPUT_UNREADABLE", `Row ${row} (byte offset ${offset}): invalid JSON: ${(err as Error).message}`);
  }
}

export async function* readNdjson(bytes: AsyncIterable<Uint8Array>, options: ReaderOptions): AsyncGenerator<DataBatch> {
  const batcher = new RowBatcher(options);
  // The unfinished line's pieces: each chunk is searched for a newline once and joined once,
  // so a line spanning many chunks costs its length, not its length times the chunk count.
  let pieces: Uint8Array[] = [];
  let pieceBytes = 0;
  let lineStart = 0;
  let row = 1;
  const emit = (line: Uint8Array): DataBatch | null => {
    if (!line.some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf)) return null;
    const body = lineStart === 0 && line[0] === 0xef ? line.subarray(3) : line;
    return batcher.add(parseRecord(body, row++, lineStart), body.length);
  };
  let base = 0;
  for await (const chunk of bytes) {
    options.signal?.throwIfAborted();
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(0x0a, start);
      if (end === -1) break;
      const tail = chunk.subarray(start, end);
      const batch = emit(pieces.length > 0 ? concatAll([...pieces, tail]) : tail);
      pieces = [];
      pieceBytes = 0;
      lineStart = base + end + 1;
      start = end + 1;
      if (batch) yield batch;
    }
    if (start < chunk.length) {
      pieces.push(chunk.slice(start));
      pieceBytes += chunk.length - start;
      if (pieceBytes > MAX_RECORD_BYTES) tooLong(row, lineStart);
    }
    base += chunk.length;
  }
  if (pieces.length > 0) {
    const batch = emit(concatAll(pieces));
    if (batch) yield batch;
  }
  const last = batcher.flush();
  if (last) yield last;
}

/** A record longer than this is refused rather than held whole (its text, then its parse, then its columns). */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

function tooLong(row: number, offset: number): never {
  throw new EngineError(
    "INPUT_UNREADABLE",
    `Row ${row} (byte offset ${offset}) is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB; one record must be smaller`,
  );
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** A top-level JSON array: `[ {...}, {...} ]`, elements cut out by tracking depth and strings. */
export async function* readJsonArray(bytes: AsyncIterable<Uint8Array>, options: ReaderOptions): AsyncGenerator<DataBatch> {
  const batcher = new RowBatcher(options);
  const fail = (what: string, offset: number): never => {
    throw new EngineError("INPUT_UNREADABLE", `Row ${row} (byte offset ${offset}): ${what}`);
  };
  let state: "before" | "between" | "element" | "after" = "before";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let row = 1;
  let base = 0;
  let element: Uint8Array[] = [];
  let elementStart = 0;
  let first = true;
  let expectComma = false;

  for await (const chunk of bytes) {
    options.signal?.throwIfAborted();
    let segmentStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (state === "element") {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c) escaped = true;
          else if (b === 0x22) inString = false;
          continue;
        }
        if (b === 0x22) inString = true;
        else if (b === 0x7b || b === 0x5b) depth++;
        else if (b === 0x7d || b === 0x5d) {
          if (depth === 0) {
            element.push(chunk.subarray(segmentStart, i));
            const record = concatAll(element);
            const batch = batcher.add(parseRecord(record, row++, elementStart), record.length);
            element = [];
            state = "after";
            if (batch) yield batch;
            i--;
            continue;
          }
          depth--;
        } else if (b === 0x2c && depth === 0) {
          element.push(chunk.subarray(segmentStart, i));
          const record = concatAll(element);
          const batch = batcher.add(parseRecord(record, row++, elementStart), record.length);
          element = [];
          state = "after";
          if (batch) yield batch;
          i--;
        }
        continue;
      }
      if (WS.has(b)) continue;
      if (first && b === 0xef && chunk[i + 1] === 0xbb && chunk[i + 2] === 0xbf && base + i === 0) {
        i += 2;
        continue;
      }
      first = false;
      if (state === "before") {
        if (b !== 0x5b) fail("expected a JSON array of records starting with [ (for one record per line use .ndjson)", base + i);
        state = "between";
      } else if (state === "between") {
        if (b === 0x5d && !expectComma) {
          state = "after";
          depth = -1;
          continue;
        }
        state = "element";
        elementStart = base + i;
        segmentStart = i;
        depth = 0;
        i--;
      } else if (state === "after") {
        if (depth === -1) fail("unexpected content after the closing ]", base + i);
        if (b === 0x2c) {
          state = "between";
          expectComma = true;
        } else if (b === 0x5d) depth = -1;
        else fail("expected , or ] between records", base + i);
        continue;
      }
      expectComma = false;
    }
    if (state === "element") {
      element.push(chunk.subarray(segmentStart).slice());
      if (base + chunk.length - elementStart > MAX_RECORD_BYTES) tooLong(row, elementStart);
    }
    base += chunk.length;
  }
  if ((state as string) === "element") fail("the record is not closed before the end of the file", elementStart);
  if ((state as string) !== "after" || depth !== -1) fail("the JSON array is not closed with ]", base);
  const last = batcher.flush();
  if (last) yield last;
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
