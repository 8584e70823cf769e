/**
 * The row hashes seen so far, for exact duplicate rows: open addressing over 53-bit hashes in one
 * Float64Array (0 marks an empty slot, so a hash of 0 is stored as 1). Keys only, and sized up
 * front for the rows the caller expects: a table that regrew (with a count per key it never read)
 * held its old and new arrays at once, 36 MiB for a million rows, at the scan's peak. It still
 * grows if more rows come than expected.
 */
export class RowHashSet {
  private keys: Float64Array;
  private mask: number;
  size = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Float64Array(slots);
    this.mask = slots - 1;
  }

  /** Adds `hash`; true when it was already there. */
  addOrFind(hash: number): boolean {
    const key = hash === 0 ? 1 : hash;
    const slot = this.slotOf(key);
    if (this.keys[slot] === key) return true;
    this.keys[slot] = key;
    if (++this.size * 2 > this.keys.length) this.grow();
    return false;
  }

  has(hash: number): boolean {
    const key = hash === 0 ? 1 : hash;
    return this.keys[this.slotOf(key)] === key;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  private slotOf(key: number): number {
    const keys = this.keys;
    let slot = ((key >>> 0) ^ ((key / 4294967296) >>> 0)) & this.mask;
    for (;;) {
      const k = keys[slot];
      if (k === key || k === 0) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Float64Array(old.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (const key of old) if (key !== 0) this.addOrFind(key);
  }
}
