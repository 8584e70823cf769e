/**
 * The verdicts of a column's first distinct values, so a repeated value is examined once. A
 * column of a few hundred distinct values repeats each of them thousands of times; looking the
 * verdict up on the cell's bytes spares decoding every repeat into a string only to hash it.
 *
 * It answers as a Map keyed by the decoded text would: an ASCII value's bytes are its text, and
 * a value with a byte past ASCII never decodes to ASCII text, so ASCII values are kept by their
 * bytes and the others by their text, with one count of entries for both.
 */
export class VerdictCache<V> {
  private count = 0;
  private readonly byText = new Map<string, V>();
  /** Open addressing over the ASCII entries: slot → entry index + 1 (0: empty). */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly verdicts: V[] = [];
  private asciiCount = 0;
  private keys = new Uint8Array(1 << 16);
  private keysUsed = 0;

  constructor(readonly capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** No more entries are taken: what is not in the cache now never will be. */
  get full(): boolean {
    return this.count >= this.capacity;
  }

  /** The verdict of the ASCII value values[start..end), if cached. */
  getAscii(values: Uint8Array, start: number, end: number): V | undefined {
    const hash = hashBytes(values, start, end);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) return undefined;
      if (this.hashes[entry] === hash && this.sameKey(entry, values, start, end)) return this.verdicts[entry];
    }
  }

  /** Caches the verdict of the ASCII value values[start..end) (not already cached) while there is room. */
  setAscii(values: Uint8Array, start: number, end: number, verdict: V): void {
    if (this.full) return;
    const length = end - start;
    if (this.keysUsed + length > this.keys.length) {
      let size = this.keys.length * 2;
      while (this.keysUsed + length > size) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.keys.subarray(0, this.keysUsed));
      this.keys = grown;
    }
    this.keys.set(values.subarray(start, end), this.keysUsed);
    const entry = this.asciiCount++;
    const hash = hashBytes(values, start, end);
    this.hashes[entry] = hash;
    this.starts[entry] = this.keysUsed;
    this.ends[entry] = this.keysUsed + length;
    this.keysUsed += length;
    this.verdicts.push(verdict);
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry + 1;
    this.count++;
  }

  /** The verdict of a value with a byte past ASCII, by its text, if cached. */
  getText(text: string): V | undefined {
    return this.byText.get(text);
  }

  /** Caches the verdict of a value with a byte past ASCII (not already cached) while there is room. */
  setText(text: string, verdict: V): void {
    if (this.full) return;
    this.byText.set(text, verdict);
    this.count++;
  }

  private sameKey(entry: number, values: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[entry];
    if (this.ends[entry] - from !== end - start) return false;
    const keys = this.keys;
    for (let k = 0; k < end - start; k++) if (keys[from + k] !== values[start + k]) return false;
    return true;
  }
}

/** True when every byte of values[start..end) is ASCII (its UTF-8 bytes are its characters). */
export function isAsciiBytes(values: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (values[i] >= 0x80) return false;
  return true;
}

/** FNV-1a over the bytes. */
function hashBytes(values: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ values[i], 0x01000193);
  return hash | 0;
}
