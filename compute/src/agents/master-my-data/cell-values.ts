/**
 * Work per distinct value, not per cell: a memo from a cell's bytes to what a function of its
 * text gave (a comparable form, a phonetic key), and normalizeText computed on the bytes of
 * ASCII cells, where it is plain lower-casing and collapsing of non-alphanumeric runs.
 */
import { hashBytes } from "../../stats/hash.js";
import { cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { normalizeText } from "./similarity/normalize.js";

/** Distinct values a memo keeps; past it, new values are computed and not kept. */
const MEMO_ENTRIES = 1 << 15;

/**
 * Values of a function of a cell's text, keyed by the cell's bytes (hash, then the bytes
 * themselves compared, so two values never share a result). Bounded: a column of unique values
 * fills it once and then every cell is computed, as without it.
 */
export class CellMemo<T> {
  private keys = new Float64Array(MEMO_ENTRIES * 2);
  private slots = new Int32Array(MEMO_ENTRIES * 2).fill(-1);
  private starts: number[] = [];
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private results: T[] = [];

  constructor(private readonly compute: (text: string) => T) {}

  get(cells: Utf8Cells, i: number): T {
    const values = cells.values;
    const start = cells.offsets[i];
    const end = cells.offsets[i + 1];
    const hash = hashBytes(values, start, end);
    const mask = this.keys.length - 1;
    let slot = ((hash >>> 0) ^ ((hash / 4294967296) >>> 0)) & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry < 0) break;
      if (this.keys[slot] === hash && this.sameBytes(entry, values, start, end)) return this.results[entry];
      slot = (slot + 1) & mask;
    }
    const result = this.compute(cellText(cells, i));
    if (this.results.length < MEMO_ENTRIES) this.remember(slot, hash, values, start, end, result);
    return result;
  }

  private sameBytes(entry: number, values: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[entry];
    const to = entry + 1 < this.starts.length ? this.starts[entry + 1] : this.used;
    if (to - from !== end - start) return false;
    for (let k = 0; k < to - from; k++) if (this.bytes[from + k] !== values[start + k]) return false;
    return true;
  }

  private remember(slot: number, hash: number, values: Uint8Array, start: number, end: number, result: T): void {
    const length = end - start;
    if (this.used + length > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
    this.bytes.set(values.subarray(start, end), this.used);
    this.starts.push(this.used);
    this.used += length;
    this.keys[slot] = hash;
    this.slots[slot] = this.results.length;
    this.results.push(result);
  }
}

const encoder = new TextEncoder();

/** A byte buffer that grows: where a record's normalised fields are put together before hashing. */
export class ByteBuffer {
  bytes = new Uint8Array(1024);
  length = 0;

  reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  push(byte: number): void {
    this.reserve(1);
    this.bytes[this.length++] = byte;
  }
}

/**
 * Appends the UTF-8 of normalizeText(cell) to out (a missing cell adds nothing). ASCII cells are
 * normalised on their bytes: NFKD and accent removal change nothing there, and the letters and
 * digits of \p{L}\p{N} are A–Z, a–z, 0–9.
 */
export function appendNormalized(cells: Utf8Cells, i: number, out: ByteBuffer): void {
  if (isNullCell(cells, i)) return;
  const values = cells.values;
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  out.reserve(end - start);
  const bytes = out.bytes;
  const at = out.length;
  let o = at;
  let gap = false;
  let k = start;
  for (; k < end; k++) {
    let b = values[k];
    if (b >= 0x80) break;
    const upper = b >= 0x41 && b <= 0x5a;
    if (upper || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39)) {
      if (gap && o > at) bytes[o++] = 0x20;
      gap = false;
      if (upper) b += 0x20;
      bytes[o++] = b;
    } else gap = true;
  }
  if (k === end) {
    out.length = o;
    return;
  }
  // A non-ASCII byte: the whole cell goes through normalizeText.
  const encoded = encoder.encode(normalizeText(cellText(cells, i)));
  out.reserve(encoded.length);
  out.bytes.set(encoded, at);
  out.length = at + encoded.length;
}
