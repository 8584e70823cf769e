/**
 * An open-addressing table from 53-bit hashes to counts, in typed arrays. A JS Map keyed by
 * such numbers boxes every key (they exceed 31 bits) and is several times slower on the hot path.
 * Key 0 marks an empty slot, so a hash of 0 is stored as 1 (a one-in-2^53 merge).
 * (ValueTable is the same table keeping each value's bytes too.)
 */
export class HashCountTable {
  keys: Float64Array;
  counts: Uint32Array;
  size = 0;
  private mask: number;

  constructor(capacity = 1024) {
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.keys = new Float64Array(c);
    this.counts = new Uint32Array(c);
    this.mask = c - 1;
  }

  /** A table that crossed from another thread (structured clone keeps its fields, not its class). */
  static revive(cloned: HashCountTable): HashCountTable {
    return Object.setPrototypeOf(cloned, HashCountTable.prototype);
  }

  /** The buffers of its arrays, to transfer to another thread rather than copy. */
  buffers(): ArrayBuffer[] {
    return [this.keys.buffer as ArrayBuffer, this.counts.buffer as ArrayBuffer];
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

  /** Adds `by` to the count of `hash`; returns the count before (0 when the key is new). */
  increment(hash: number, by = 1): number {
    const slot = this.slotOf(hash);
    if (this.keys[slot] === 0) {
      this.insertAt(slot, hash, by);
      return 0;
    }
    const before = this.counts[slot];
    this.counts[slot] = before + by;
    return before;
  }

  /**
   * Puts a new key in the empty slot slotOf(hash) returned, for callers that looked it up
   * themselves (one probe per value on the hot path instead of two). The slot is stale afterwards.
   */
  insertAt(slot: number, hash: number, count: number): void {
    this.keys[slot] = hash === 0 ? 1 : hash;
    this.counts[slot] = count;
    if (++this.size * 2 > this.keys.length) this.grow();
  }

  get(hash: number): number {
    const slot = this.slotOf(hash);
    return this.keys[slot] === 0 ? 0 : this.counts[slot];
  }

  *entries(): Generator<[number, number]> {
    for (let s = 0; s < this.keys.length; s++) {
      if (this.keys[s] !== 0) yield [this.keys[s], this.counts[s]];
    }
  }

  private grow(): void {
    const { keys, counts } = this;
    const capacity = keys.length * 2;
    this.keys = new Float64Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === 0) continue;
      const slot = this.slotOf(keys[s]);
      this.keys[slot] = keys[s];
      this.counts[slot] = counts[s];
    }
  }
}
