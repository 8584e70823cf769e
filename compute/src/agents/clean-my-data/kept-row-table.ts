/**
 * The row kept for each row key, as duplicate-resolver needs it: open addressing over 53-bit key
 * hashes in one Float64Array, with the row number beside each key in an Int32Array. A Map of a
 * million such keys boxed every hash as a heap number and took about five times the memory.
 * 0 marks an empty slot, so the key 0 has a slot of its own outside the table.
 */
export class KeptRowTable {
  private keys: Float64Array;
  private rows: Int32Array;
  private mask: number;
  private zeroRow = -1;
  size = 0;

  /** A table that crossed from another thread (structured clone keeps its fields, not its class). */
  static revive(cloned: KeptRowTable): KeptRowTable {
    return Object.setPrototypeOf(cloned, KeptRowTable.prototype);
  }

  /** The buffers of its typed arrays, to transfer to another thread rather than copy. */
  buffers(): ArrayBuffer[] {
    return [this.keys.buffer, this.rows.buffer] as ArrayBuffer[];
  }

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Float64Array(slots);
    this.rows = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The row kept for `key`, or -1 when the key was never seen. */
  get(key: number): number {
    if (key === 0) return this.zeroRow;
    const slot = this.slotOf(key);
    return this.keys[slot] === key ? this.rows[slot] : -1;
  }

  /**
   * Keeps `row` for `key` when the key is new or `replace` is set; returns the row kept before
   * (-1 when the key is new).
   */
  keep(key: number, row: number, replace: boolean): number {
    if (key === 0) {
      const before = this.zeroRow;
      if (before < 0) this.size++;
      if (before < 0 || replace) this.zeroRow = row;
      return before;
    }
    const slot = this.slotOf(key);
    if (this.keys[slot] === key) {
      const before = this.rows[slot];
      if (replace) this.rows[slot] = row;
      return before;
    }
    this.keys[slot] = key;
    this.rows[slot] = row;
    if (++this.size * 2 > this.keys.length) this.grow();
    return -1;
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
    const oldKeys = this.keys;
    const oldRows = this.rows;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.rows = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let s = 0; s < oldKeys.length; s++) {
      const key = oldKeys[s];
      if (key === 0) continue;
      const slot = this.slotOf(key);
      this.keys[slot] = key;
      this.rows[slot] = oldRows[s];
    }
  }
}
