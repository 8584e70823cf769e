/**
 * CSV fields written straight from a cell's UTF-8 bytes, with exactly the text csvField
 * (reports/csv-field.ts) gives, without decoding the cell to a string and encoding it back.
 * Most cells can be settled from their bytes: quoting depends on `"`, `,`, CR, LF and on
 * whitespace at either end. A cell that opens with a formula trigger, or holds any non-ASCII byte
 * (a Unicode space at either end counts as whitespace, and bytes that are not valid UTF-8 must
 * come out as the decoder's replacement character), goes through csvField itself.
 */
import { csvField } from "../../reports/csv-field.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** = + - @ tab CR: the first bytes csvField looks at for a spreadsheet formula. */
export function opensLikeFormula(byte: number): boolean {
  return byte === 0x3d || byte === 0x2b || byte === 0x2d || byte === 0x40 || byte === 0x09 || byte === CR;
}

/** ASCII whitespace as the regular expression \s reads it. */
function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** A growing byte buffer handed out in chunks of about `chunkBytes`. */
export class CsvByteWriter {
  private buffer: Uint8Array;
  private used = 0;

  constructor(private readonly chunkBytes: number) {
    this.buffer = new Uint8Array(chunkBytes + 4096);
  }

  get full(): boolean {
    return this.used >= this.chunkBytes;
  }

  /** The bytes written so far, as a chunk of their own; the writer starts empty again. */
  take(): Uint8Array {
    const chunk = this.buffer.slice(0, this.used);
    this.used = 0;
    return chunk;
  }

  private ensure(extra: number): void {
    if (this.used + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.used + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buffer[this.used++] = b;
  }

  /** Text written as it is (already a CSV field or separator). */
  text(text: string): void {
    this.ensure(text.length * 3);
    this.used += encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }

  /** A non-negative integer in decimal. */
  integer(n: number): void {
    this.text(String(n));
  }

  /**
   * The CSV field of the text held in values[start, end), as csvField writes that text. The
   * bytes are copied as they are scanned, on the bet that the field needs no quotes (nearly every
   * field): a subarray view and set() per field cost more than the copy, and their garbage more.
   */
  field(values: Uint8Array, start: number, end: number): void {
    if (start === end) return;
    const first = values[start];
    const last = values[end - 1];
    if (opensLikeFormula(first)) {
      this.text(csvField(decoder.decode(values.subarray(start, end))));
      return;
    }
    const length = end - start;
    this.ensure(length);
    const out = this.buffer;
    let at = this.used;
    let quotes = isAsciiSpace(first) || isAsciiSpace(last);
    let quoteMarks = 0;
    for (let k = start; k < end; k++) {
      const b = values[k];
      if (b >= 0x80) {
        this.text(csvField(decoder.decode(values.subarray(start, end))));
        return;
      }
      if (b === QUOTE) quoteMarks++;
      else if (b === COMMA || b === CR || b === LF) quotes = true;
      out[at++] = b;
    }
    if (!quotes && quoteMarks === 0) {
      this.used = at;
      return;
    }
    // Quoted: written again over the copy, with every quote mark doubled.
    this.ensure(length + quoteMarks + 2);
    const quoted = this.buffer;
    at = this.used;
    quoted[at++] = QUOTE;
    for (let k = start; k < end; k++) {
      const b = values[k];
      quoted[at++] = b;
      if (b === QUOTE) quoted[at++] = QUOTE;
    }
    quoted[at++] = QUOTE;
    this.used = at;
  }
}
