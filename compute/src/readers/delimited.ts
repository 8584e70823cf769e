/**
 * CSV/TSV reader: a byte-level tokenizer that copies field bytes straight into the batch's
 * typed arrays. Handles quoted fields (embedded delimiters, newlines, doubled quotes), CRLF,
 * a UTF-8 BOM and blank lines. A record whose field count differs from the header's is left out
 * of the batches and handed verbatim, with its line number, to onRaggedRow; the batch is cut there
 * so every batch's rows stay consecutive.
 */

import type { DataBatch } from "../engine/types.js";
import { EngineError } from "../engine/types.js";
import { checkWidth, columnNames, DEFAULT_MAX_COLUMNS, type ReaderOptions } from "./reader-options.js";
import { sniffDelimiter } from "./sniff-delimiter.js";
import { Utf8BatchBuilder } from "./utf8-batch-builder.js";

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** A record longer than this is almost surely an unclosed quote; stop rather than buffer the file. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;

const decoder = new TextDecoder();

export async function* readDelimited(
  bytes: AsyncIterable<Uint8Array>,
  options: ReaderOptions & { delimiter?: string },
): AsyncGenerator<DataBatch> {
  const tokenizer = new DelimitedTokenizer(options);
  let pending: Uint8Array = new Uint8Array(0);
  let waiting: Uint8Array[] = [];
  let waitingBytes = 0;
  let started = false;

  let yielded = false;
  const feed = function* (buf: Uint8Array, final: boolean): Generator<DataBatch> {
    let pos = 0;
    for (;;) {
      pos = tokenizer.parse(buf, pos, final);
      if (tokenizer.ready) {
        yielded = true;
        yield tokenizer.flush();
        continue;
      }
      break;
    }
    pending = buf.subarray(pos);
    tokenizer.consumed(pos);
    if (pending.length > MAX_RECORD_BYTES) tokenizer.tooLong();
  };

  for await (const chunk of bytes) {
    options.signal?.throwIfAborted();
    waiting.push(chunk);
    waitingBytes += chunk.length;
    // Re-scanning a long partial record on every small chunk would be quadratic: gather at least as many new bytes.
    if (waitingBytes < Math.max(pending.length, started ? 0 : SNIFF_BYTES)) continue;
    let buf = concat([pending, ...waiting]);
    waiting = [];
    waitingBytes = 0;
    if (!started) {
      buf = tokenizer.start(buf);
      started = true;
    }
    yield* feed(buf, false);
  }
  let buf = concat([pending, ...waiting]);
  if (!started) buf = tokenizer.start(buf);
  yield* feed(buf, true);
  if (!tokenizer.builder) throw new EngineError("INPUT_UNREADABLE", "The file is empty: there is no header row");
  // A header-only file still yields one empty batch, so its columns are known.
  if (tokenizer.builder.rows > 0 || !yielded) yield tokenizer.flush();
}

/** Line breaks (LF, CRLF or a lone CR) in buf[from, to). */
function lineBreaks(buf: Uint8Array, from: number, to: number): number {
  const span = buf.subarray(from, to);
  let breaks = 0;
  for (let i = span.indexOf(LF); i !== -1; i = span.indexOf(LF, i + 1)) breaks++;
  for (let i = span.indexOf(CR); i !== -1; i = span.indexOf(CR, i + 1)) if (span[i + 1] !== LF) breaks++;
  return breaks;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0];
  const out = new Uint8Array(nonEmpty.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of nonEmpty) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

class DelimitedTokenizer {
  builder: Utf8BatchBuilder | null = null;
  private delimiter = 0x2c;
  /** Absolute file offset of the current buffer's first byte. */
  private base = 0;
  private nextRow = 1;
  private batchFirstRow = 1;
  /** Physical line (1-based) where the next record starts. */
  private line = 1;
  /** The line each row of the current batch starts on. */
  private rowLines = new Int32Array(0);
  /** Set when a ragged record was left out after some rows: the batch ends there. */
  private cut = false;
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private quoted = new Uint8Array(256);

  private readonly maxColumns: number;

  constructor(private readonly options: ReaderOptions & { delimiter?: string }) {
    this.maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
  }

  /** First bytes of the file: checks the encoding, drops a BOM, picks the delimiter. */
  start(buf: Uint8Array): Uint8Array {
    if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
      throw new EngineError("INPUT_UNREADABLE", "The file is UTF-16 encoded; save it as UTF-8 and upload it again");
    }
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      this.base = 3;
      buf = buf.subarray(3);
    }
    const forced = this.options.delimiter;
    this.delimiter = forced ? forced.charCodeAt(0) : sniffDelimiter(buf.subarray(0, SNIFF_BYTES));
    return buf;
  }

  consumed(bytes: number) {
    this.base += bytes;
  }

  /** The batch is complete: full, or cut before a ragged record. */
  get ready(): boolean {
    return this.builder !== null && (this.cut || this.builder.full);
  }

  flush(): DataBatch {
    const builder = this.builder as Utf8BatchBuilder;
    const rows = builder.rows;
    const batch = builder.finish(this.batchFirstRow);
    this.batchFirstRow = this.nextRow;
    this.cut = false;
    if (rows === 0) return batch;
    const lines = this.rowLines.subarray(0, rows);
    let consecutive = true;
    for (let i = 1; i < rows && consecutive; i++) consecutive = lines[i] === lines[0] + i;
    return consecutive ? { ...batch, firstLine: lines[0] } : { ...batch, firstLine: lines[0], lines: lines.slice() };
  }

  tooLong(): never {
    throw new EngineError(
      "INPUT_UNREADABLE",
      `Row ${this.nextRow} (byte offset ${this.base}) runs for more than ${MAX_RECORD_BYTES / 1024 / 1024} MiB without ending; a closing quote is probably missing`,
    );
  }

  private fail(what: string, at: number): never {
    const where = this.builder ? `Row ${this.nextRow}` : "The header row";
    throw new EngineError("INPUT_UNREADABLE", `${where} (byte offset ${this.base + at}): ${what}`);
  }

  private grow() {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const quoted = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    quoted.set(this.quoted);
    this.starts = starts;
    this.ends = ends;
    this.quoted = quoted;
  }

  /**
   * Tokenizes whole records from `pos`; returns where the first unfinished record starts
   * (or the end), stopping early when the batch is full. Only complete records are committed.
   */
  parse(buf: Uint8Array, pos: number, final: boolean): number {
    const n = buf.length;
    const delim = this.delimiter;
    while (pos < n) {
      if (this.ready) return pos;
      const recordStart = pos;
      let count = 0;
      // Line breaks inside quoted fields: the next record starts that many lines further down.
      let innerBreaks = 0;
      // Fields past the header's width are counted, not kept (a row of a million commas allocates nothing).
      const keep = this.builder ? this.builder.columns.length : this.maxColumns + 1;
      for (;;) {
        if (count === keep && !this.builder) checkWidth(count, this.options, "The header row", false);
        if (count < keep && count === this.starts.length) this.grow();
        if (pos < n && buf[pos] === QUOTE) {
          let i = pos + 1;
          let doubled = 0;
          for (;;) {
            i = buf.indexOf(QUOTE, i);
            if (i === -1) {
              if (final) this.fail("a quoted field is never closed", pos);
              return recordStart;
            }
            if (i + 1 < n && buf[i + 1] === QUOTE) {
              doubled = 1;
              i += 2;
              continue;
            }
            if (i + 1 >= n && !final) return recordStart;
            break;
          }
          if (count < keep) {
            this.starts[count] = pos + 1;
            this.ends[count] = i;
            this.quoted[count] = doubled;
          }
          innerBreaks += lineBreaks(buf, pos + 1, i);
          count++;
          pos = i + 1;
          if (pos < n) {
            const c = buf[pos];
            if (c === delim) {
              pos++;
              continue;
            }
            if (c !== LF && c !== CR)
              this.fail(`unexpected character ${JSON.stringify(String.fromCharCode(c))} after a closing quote`, pos);
          }
        } else {
          let i = pos;
          while (i < n) {
            const c = buf[i];
            if (c === delim || c === LF || c === CR) break;
            i++;
          }
          if (i >= n && !final) return recordStart;
          if (count < keep) {
            this.starts[count] = pos;
            this.ends[count] = i;
            this.quoted[count] = 0;
          }
          count++;
          pos = i;
          if (pos < n && buf[pos] === delim) {
            pos++;
            continue;
          }
        }
        break;
      }
      const recordEnd = pos;
      if (pos < n && buf[pos] === CR) {
        if (pos + 1 >= n && !final) return recordStart;
        pos++;
      }
      if (pos < n && buf[pos] === LF) pos++;
      const line = this.line;
      this.line += 1 + innerBreaks;
      if (count === 1 && this.ends[0] === this.starts[0] && buf[recordStart] !== QUOTE) continue;
      this.commit(buf, count, recordStart, recordEnd, line);
    }
    return pos;
  }

  private commit(buf: Uint8Array, count: number, recordStart: number, recordEnd: number, line: number) {
    if (!this.builder) {
      checkWidth(count, this.options);
      const names: string[] = [];
      for (let k = 0; k < count; k++) names.push(this.text(buf, k));
      this.builder = new Utf8BatchBuilder(columnNames(names), this.options.batchRows, this.options.batchBytes);
      return;
    }
    const columns = this.builder.columns;
    const expected = columns.length;
    if (count !== expected) {
      const raw = buf.subarray(recordStart, recordEnd);
      this.options.onRaggedRow?.({ row: this.nextRow, line, byteOffset: this.base + recordStart, fields: count, expected, raw });
      this.nextRow++;
      if (this.builder.rows === 0) this.batchFirstRow = this.nextRow;
      else this.cut = true;
      return;
    }
    for (let k = 0; k < count; k++) {
      if (this.quoted[k]) columns[k].pushUnquoted(buf, this.starts[k], this.ends[k], QUOTE);
      else columns[k].pushBytes(buf, this.starts[k], this.ends[k]);
    }
    const at = this.builder.rows;
    if (at === this.rowLines.length) {
      const grown = new Int32Array(Math.max(1024, at * 2));
      grown.set(this.rowLines);
      this.rowLines = grown;
    }
    this.rowLines[at] = line;
    this.builder.rows++;
    this.nextRow++;
  }

  private text(buf: Uint8Array, k: number): string {
    const raw = decoder.decode(buf.subarray(this.starts[k], this.ends[k]));
    return this.quoted[k] ? raw.replaceAll('""', '"') : raw;
  }
}
