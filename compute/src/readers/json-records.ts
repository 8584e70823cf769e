/**
 * JSON array and NDJSON readers. Records are cut out of the byte stream one at a time (a
 * depth/string-aware scanner for arrays, newlines for NDJSON) and parsed individually, so the
 * file is never held. Nested objects become dotted columns; arrays are kept as JSON text.
 */
import type { DataBatch } from "../engine/types.js";
import { EngineError } from "../engine/types.js";
import type { ReaderOptions } from "./reader-options.js";
import { Utf8BatchBuilder } from "./utf8-batch-builder.js";

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

/** Collects flattened rows into batches whose columns are every name seen so far, in first-seen order. */
class RowBatcher {
  private rows: Row[] = [];
  private readonly columns: string[] = [];
  private readonly known = new Set<string>();
  private nextRow = 1;

  constructor(private readonly batchRows: number) {}

  add(row: Row): DataBatch | null {
    for (const key of row.keys()) {
      if (!this.known.has(key)) {
        this.known.add(key);
        this.columns.push(key);
      }
    }
    this.rows.push(row);
    return this.rows.length >= this.batchRows ? this.flush() : null;
  }

  flush(): DataBatch | null {
    if (this.rows.length === 0) return null;
    const builder = new Utf8BatchBuilder(this.columns.slice(), this.batchRows);
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
  const batcher = new RowBatcher(options.batchRows);
  let carry = new Uint8Array(0);
  let base = 0;
  let row = 1;
  const lines = function* (buf: Uint8Array, final: boolean): Generator<DataBatch> {
    let start = 0;
    for (;;) {
      let end = buf.indexOf(0x0a, start);
      if (end === -1) {
        if (!final) break;
        end = buf.length;
      }
      const line = buf.subarray(start, end);
      if (line.some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf)) {
        const body = start === 0 && base === 0 && line[0] === 0xef ? line.subarray(3) : line;
        const batch = batcher.add(parseRecord(body, row++, base + start));
        if (batch) yield batch;
      }
      start = end + 1;
      if (start >= buf.length) break;
    }
    const consumed = Math.min(start, buf.length);
    carry = buf.slice(consumed);
    base += consumed;
  };
  for await (const chunk of bytes) {
    options.signal?.throwIfAborted();
    yield* lines(carry.length ? joinBytes(carry, chunk) : chunk, false);
  }
  yield* lines(carry, true);
  const last = batcher.flush();
  if (last) yield last;
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** A top-level JSON array: `[ {...}, {...} ]`, elements cut out by tracking depth and strings. */
export async function* readJsonArray(bytes: AsyncIterable<Uint8Array>, options: ReaderOptions): AsyncGenerator<DataBatch> {
  const batcher = new RowBatcher(options.batchRows);
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
            const batch = batcher.add(parseRecord(concatAll(element), row++, elementStart));
            element = [];
            state = "after";
            if (batch) yield batch;
            i--;
            continue;
          }
          depth--;
        } else if (b === 0x2c && depth === 0) {
          element.push(chunk.subarray(segmentStart, i));
          const batch = batcher.add(parseRecord(concatAll(element), row++, elementStart));
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
    if (state === "element") element.push(chunk.subarray(segmentStart).slice());
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
