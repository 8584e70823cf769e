/**
 * Distinct values by 53-bit hash: a count per value and, where kept, the value's UTF-8 bytes in
 * one arena (each run of bytes after its 4-byte length). A column's 100k distinct values were
 * 100k JS strings, each decoded when first seen and held on the heap until the column gave up
 * exact counting: heap, GC time and decoding for values mostly never shown. Here they are bytes
 * copied from the cell, decoded only for the values a report shows. Open addressing over typed
 * arrays as in HashCountTable (key 0 marks an empty slot, so a hash of 0 is stored as 1), filled
 * up to 80 % before it doubles: a column at the 100k exact limit then fits 131072 slots, not
 * 262144 (2 MiB less per column, at the profiler's peak); past 52k distinct values a probe
 * finds its slot a step or two later, which did not measure.
 */
import { compareAsText } from "./text-order.js";
import { bytesText } from "./utf8-column.js";

/** textAt of a slot whose value's bytes are not kept. */
const NO_TEXT = -1;
const LENGTH_BYTES = 4;

export class ValueTable {
  keys: Float64Array;
  counts: Uint32Array;
  /** Per slot: where its value's bytes start in the arena (after their length), or NO_TEXT. */
  textAt: Int32Array;
  arena: Uint8Array;
  arenaUsed = 0;
  size = 0;
  private mask: number;

  /** A table that crossed from another thread (structured clone keeps its fields, not its class). */
  static revive(cloned: ValueTable): ValueTable {
    return Object.setPrototypeOf(cloned, ValueTable.prototype);
  }

  constructor(capacity = 256) {
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.keys = new Float64Array(c);
    this.counts = new Uint32Array(c);
    this.textAt = new Int32Array(c);
    this.mask = c - 1;
    this.arena = new Uint8Array(Math.max(256, c * 4));
  }

  /** The buffers of its typed arrays, to transfer to another thread rather than copy. */
  buffers(): ArrayBuffer[] {
    return [this.keys.buffer, this.counts.buffer, this.textAt.buffer, this.arena.buffer] as ArrayBuffer[];
  }

  /** The slot holding `hash`, or the empty slot where it would go (keys[slot] === 0). */
  slotOf(hash: number): number {
    const key = hash === 0 ? 1 : hash;
    const keys = this.keys;
    let slot = ((key >>> 0) ^ ((key / 4294967296) >>> 0)) & this.mask;
    for (;;) {
      const k = keys[slot];
      if (k === key || k === 0) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Puts a new key in the empty slot slotOf(hash) returned, with its value's bytes when `bytes`
   * is given (values[start..end)). The slot is stale afterwards (the table may have grown).
   */
  insertAt(slot: number, hash: number, count: number, bytes: Uint8Array | null = null, start = 0, end = 0): void {
    this.keys[slot] = hash === 0 ? 1 : hash;
    this.counts[slot] = count;
    this.textAt[slot] = bytes === null ? NO_TEXT : this.append(bytes, start, end);
    if (++this.size * 5 > this.keys.length * 4) this.grow();
  }

  hasText(slot: number): boolean {
    return this.textAt[slot] !== NO_TEXT;
  }

  /** Keeps values[start..end) as the value of a slot that has none. */
  keepText(slot: number, bytes: Uint8Array, start: number, end: number): void {
    this.textAt[slot] = this.append(bytes, start, end);
  }

  /** Keeps the value other holds in its slot `from` as the value of this table's `slot` (or nothing, when other kept none). */
  copyText(slot: number, other: ValueTable, from: number): void {
    const at = other.textAt[from];
    this.textAt[slot] = at === NO_TEXT ? NO_TEXT : this.append(other.arena, at, at + other.textLength(at));
  }

  /** The decoded value of a slot that kept one. */
  textOf(slot: number): string {
    const at = this.textAt[slot];
    return bytesText(this.arena, at, at + this.textLength(at));
  }

  /** The order of two slots' values as decoded strings compare (both slots keep one). */
  compareTexts(a: number, b: number): number {
    const at = this.textAt[a];
    const bt = this.textAt[b];
    return compareAsText(this.arena, at, at + this.textLength(at), this.arena, bt, bt + this.textLength(bt));
  }

  /** Inserts this table's entry in slot `from` into `out`, with `count` and its value (if kept). */
  copyEntryInto(out: ValueTable, from: number, count: number): void {
    const key = this.keys[from];
    const at = this.textAt[from];
    const slot = out.slotOf(key);
    if (at === NO_TEXT) out.insertAt(slot, key, count);
    else out.insertAt(slot, key, count, this.arena, at, at + this.textLength(at));
  }

  /** Empties the table, keeping its capacity. Only keys mark a slot used; insertAt rewrites a slot's count and text. */
  clear(): void {
    this.keys.fill(0);
    this.size = 0;
    this.arenaUsed = 0;
  }

  private textLength(at: number): number {
    const a = this.arena;
    return a[at - 4] | (a[at - 3] << 8) | (a[at - 2] << 16) | (a[at - 1] << 24);
  }

  /** Copies values[start..end) to the end of the arena after its length; returns where the bytes start. */
  private append(values: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const need = this.arenaUsed + LENGTH_BYTES + length;
    if (need > this.arena.length) {
      // By half again rather than doubling: a column's 100k distinct values then leave less room unused.
      let capacity = Math.ceil(this.arena.length * 1.5);
      while (capacity < need) capacity = Math.ceil(capacity * 1.5);
      const grown = new Uint8Array(capacity);
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    const a = this.arena;
    let p = this.arenaUsed;
    a[p++] = length & 0xff;
    a[p++] = (length >>> 8) & 0xff;
    a[p++] = (length >>> 16) & 0xff;
    a[p++] = length >>> 24;
    const at = p;
    // Most values are a few bytes: a loop beats making a subarray view to set() from.
    if (length <= 32) for (let k = start; k < end; k++) a[p++] = values[k];
    else a.set(values.subarray(start, end), p);
    this.arenaUsed = at + length;
    return at;
  }

  private grow(): void {
    const { keys, counts, textAt } = this;
    const capacity = keys.length * 2;
    this.keys = new Float64Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.textAt = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === 0) continue;
      const slot = this.slotOf(keys[s]);
      this.keys[slot] = keys[s];
      this.counts[slot] = counts[s];
      this.textAt[slot] = textAt[s];
    }
  }
}
