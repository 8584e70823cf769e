/**
 * DistinctMemo keyed by a cell's bytes instead of its text: a repeated value is looked up by
 * hashing and comparing its bytes, so only the first sighting of each distinct value is decoded.
 * On the columns of few distinct values (categories, flags, dates) that decode and the string
 * hash of a Map lookup were most of an agent's time. The same bounds as DistinctMemo apply: it
 * stops learning at `limit` values, and stops looking when a trial shows most lookups miss.
 */
import { bytesText } from "../../stats/utf8-column.js";

/** Lookups made once the memo is full, to tell a repeating column from one of unique values. */
const TRIAL_LOOKUPS = 4096;

export class ByteMemo<T> {
  /** Open addressing: entry index + 1 per slot, 0 when empty; at most half full. */
  private slots: Int32Array;
  private hashes: Int32Array;
  /** Entry k's bytes are bytes[starts[k], starts[k + 1]). */
  private bytes = new Uint8Array(4096);
  private starts = new Int32Array(257);
  private readonly decisions: T[] = [];
  private lookupsWhenFull = 0;
  private hitsWhenFull = 0;
  private bypass = false;

  constructor(private readonly limit = 16_384) {
    this.slots = new Int32Array(64);
    this.hashes = new Int32Array(64);
  }

  get size(): number {
    return this.decisions.length;
  }

  /** The decision for the text of values[start, end), computed by `decide` from the decoded text the first time. */
  get(values: Uint8Array, start: number, end: number, decide: (text: string) => T): T {
    if (this.bypass) return decide(bytesText(values, start, end));
    // FNV-1a: cells are short, and a hash per byte is cheaper than the decode it saves.
    let hash = 0x811c9dc5 ^ (end - start);
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ values[k], 0x01000193);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    const full = this.decisions.length >= this.limit;
    if (full && ++this.lookupsWhenFull === TRIAL_LOOKUPS) this.bypass = this.hitsWhenFull < TRIAL_LOOKUPS / 2;
    for (;;) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) break;
      if (this.hashes[slot] === hash && this.holds(entry, values, start, end)) {
        if (full) this.hitsWhenFull++;
        return this.decisions[entry];
      }
      slot = (slot + 1) & mask;
    }
    const decision = decide(bytesText(values, start, end));
    if (!full) this.insert(slot, hash, values, start, end, decision);
    return decision;
  }

  private holds(entry: number, values: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[entry];
    if (this.starts[entry + 1] - from !== end - start) return false;
    const bytes = this.bytes;
    for (let k = 0; k < end - start; k++) if (bytes[from + k] !== values[start + k]) return false;
    return true;
  }

  private insert(slot: number, hash: number, values: Uint8Array, start: number, end: number, decision: T): void {
    const entry = this.decisions.length;
    const from = this.starts[entry];
    const length = end - start;
    if (from + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, from + length));
      grown.set(this.bytes.subarray(0, from));
      this.bytes = grown;
    }
    this.bytes.set(values.subarray(start, end), from);
    if (entry + 2 > this.starts.length) {
      const grown = new Int32Array(2 * this.starts.length);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[entry + 1] = from + length;
    this.decisions.push(decision);
    this.slots[slot] = entry + 1;
    this.hashes[slot] = hash;
    if (2 * this.decisions.length > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(2 * slots.length);
    this.hashes = new Int32Array(2 * slots.length);
    const mask = this.slots.length - 1;
    for (let s = 0; s < slots.length; s++) {
      if (slots[s] === 0) continue;
      let slot = hashes[s] & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = slots[s];
      this.hashes[slot] = hashes[s];
    }
  }
}
