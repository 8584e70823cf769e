/**
 * CSV lines written as bytes, field by field, into a buffer handed out about every megabyte:
 * the same bytes as csvField (RFC 4180 quoting, formulas neutralised) joined by commas and
 * CRLF, but a cell of the input is copied from its Arrow bytes instead of being decoded to a
 * string, quoted, concatenated and encoded back. Only a cell holding a non-ASCII byte takes the
 * string path, since csvField's tests (\s at either end) and the decoder's replacement of
 * invalid bytes are defined on the text.
 */
import { csvField } from "../../reports/csv-field.js";
import { cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";

const CHUNK_BYTES = 1 << 20;
/** Cells up to this many bytes are copied byte by byte; longer ones with TypedArray.set. */
const SHORT_CELL = 64;
const QUOTE = 0x22;
const COMMA = 0x2c;
const encoder = new TextEncoder();

/** csvField's formula triggers: = + - @ tab, carriage return. */
function isTrigger(b: number): boolean {
  return b === 0x3d || b === 0x2b || b === 0x2d || b === 0x40 || b === 0x09 || b === 0x0d;
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** csv-field.ts's PLAIN_NUMBER, /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/, on ASCII bytes. */
function isPlainNumber(v: Uint8Array, s: number, e: number): boolean {
  let k = s;
  if (k < e && (v[k] === 0x2b || v[k] === 0x2d)) k++;
  const intStart = k;
  while (k < e && isDigit(v[k])) k++;
  const intDigits = k - intStart;
  if (k < e && v[k] === 0x2e) {
    k++;
    const fracStart = k;
    while (k < e && isDigit(v[k])) k++;
    if (intDigits === 0 && k === fracStart) return false;
  } else if (intDigits === 0) return false;
  if (k < e && (v[k] === 0x65 || v[k] === 0x45)) {
    k++;
    if (k < e && (v[k] === 0x2b || v[k] === 0x2d)) k++;
    const expStart = k;
    while (k < e && isDigit(v[k])) k++;
    if (k === expStart) return false;
  }
  return k === e;
}

/** \s of an ASCII byte: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

export class CsvBytes {
  private bytes = new Uint8Array(CHUNK_BYTES + 4096);
  private length = 0;
  private first = true;

  private reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  private separate(): void {
    if (this.first) this.first = false;
    else {
      this.reserve(1);
      this.bytes[this.length++] = COMMA;
    }
  }

  /** A field as csvField(value) writes it. */
  field(value: unknown): void {
    this.separate();
    const text = csvField(value);
    const n = text.length;
    this.reserve(n * 3);
    const bytes = this.bytes;
    let k = 0;
    // ASCII text is its char codes; anything else goes through the encoder.
    for (; k < n; k++) {
      const code = text.charCodeAt(k);
      if (code >= 0x80) break;
      bytes[this.length + k] = code;
    }
    if (k === n) this.length += n;
    else this.length += encoder.encodeInto(text, bytes.subarray(this.length)).written;
  }

  /** Already-formed field bytes (from fieldBytes), written as they are. */
  raw(field: Uint8Array): void {
    this.separate();
    this.reserve(field.length);
    this.bytes.set(field, this.length);
    this.length += field.length;
  }

  /** Cell i of an input column, as csvField(cellValue(cells, i)) writes it. */
  cell(cells: Utf8Cells, i: number): void {
    if (isNullCell(cells, i)) {
      this.separate();
      return;
    }
    const v = cells.values;
    const s = cells.offsets[i];
    const e = cells.offsets[i + 1];
    let quote = false;
    for (let k = s; k < e; k++) {
      const b = v[k];
      if (b >= 0x80) {
        this.field(cellText(cells, i));
        return;
      }
      if (b === QUOTE || b === COMMA || b === 0x0d || b === 0x0a) quote = true;
    }
    const prefix = s < e && isTrigger(v[s]) && !isPlainNumber(v, s, e);
    // After a prefix the text starts with ', never a space.
    if (s < e && ((!prefix && isAsciiSpace(v[s])) || isAsciiSpace(v[e - 1]))) quote = true;
    this.separate();
    this.reserve(2 * (e - s) + 3);
    const bytes = this.bytes;
    let o = this.length;
    if (quote) bytes[o++] = QUOTE;
    if (prefix) bytes[o++] = 0x27;
    if (quote) {
      for (let k = s; k < e; k++) {
        const b = v[k];
        bytes[o++] = b;
        if (b === QUOTE) bytes[o++] = QUOTE;
      }
      bytes[o++] = QUOTE;
    } else if (e - s > SHORT_CELL) {
      bytes.set(v.subarray(s, e), o);
      o += e - s;
    } else {
      // Most cells are a few bytes: a loop copies them without a subarray object per cell.
      for (let k = s; k < e; k++) bytes[o++] = v[k];
    }
    this.length = o;
  }

  /** Ends the line; returns a chunk to hand out when about a megabyte has gathered, else null. */
  endLine(): Uint8Array | null {
    this.reserve(2);
    this.bytes[this.length++] = 0x0d;
    this.bytes[this.length++] = 0x0a;
    this.first = true;
    return this.length >= CHUNK_BYTES ? this.take() : null;
  }

  /** What has gathered (a new buffer takes its place: the chunk handed out is never written again). */
  take(): Uint8Array {
    const chunk = this.bytes.subarray(0, this.length);
    this.bytes = new Uint8Array(CHUNK_BYTES + 4096);
    this.length = 0;
    return chunk;
  }

  get pending(): number {
    return this.length;
  }
}

/** The bytes csvField(value) writes, for a field repeated on many lines. */
export function fieldBytes(value: unknown): Uint8Array {
  return encoder.encode(csvField(value));
}
