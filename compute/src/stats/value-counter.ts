/**
 * Distinct values and their frequencies. Exact (a count per 53-bit value hash) up to `exactLimit`
 * distinct values; past it, distinct switches to HyperLogLog and frequencies to lossy counting
 * that keeps the heavy hitters in bounded memory. A value's bytes are kept (copied once, when
 * first kept) and decoded only when reported.
 */
import { HyperLogLog } from "./hyperloglog.js";
import { kthSmallest } from "./select.js";
import { ValueTable } from "./value-table.js";

export interface ValueCount {
  value: string;
  count: number;
}

const HEAVY_HITTERS = 2_000;

export class ValueCounter {
  private table = new ValueTable(256);
  /**
   * Past the exact limit the table is pruned every HEAVY_HITTERS new values: it is filtered into
   * this spare, and the two swap, rather than allocating a table per prune (that garbage was a
   * large part of the profiler's GC time). `pruneSlots` and `pruneCounts` are its scratch arrays.
   */
  private spare: ValueTable | null = null;
  private pruneSlots = new Int32Array(0);
  private pruneCounts = new Uint32Array(0);
  private hll: HyperLogLog | null = null;
  total = 0;

  constructor(private readonly exactLimit: number) {}

  /** A counter that crossed from another thread (structured clone keeps its fields, not its classes). */
  static revive(cloned: ValueCounter): ValueCounter {
    const counter: ValueCounter = Object.setPrototypeOf(cloned, ValueCounter.prototype);
    ValueTable.revive(counter.table);
    if (counter.spare) ValueTable.revive(counter.spare);
    if (counter.hll) HyperLogLog.revive(counter.hll);
    return counter;
  }

  /** The buffers of its typed arrays, to transfer to another thread rather than copy. */
  buffers(): ArrayBuffer[] {
    const buffers = this.table.buffers();
    if (this.hll) buffers.push(this.hll.registers.buffer as ArrayBuffer);
    return buffers;
  }

  get exact(): boolean {
    return this.hll === null;
  }

  add(hash: number, values: Uint8Array, start: number, end: number): void {
    this.total++;
    const table = this.table;
    // One probe per value: the slot found serves the count, the value bytes and the insertion.
    const slot = table.slotOf(hash);
    const known = table.keys[slot] !== 0;
    if (this.hll === null) {
      if (known) {
        table.counts[slot]++;
        return;
      }
      table.insertAt(slot, hash, 1, values, start, end);
      if (table.size > this.exactLimit) this.switchToSketch();
      return;
    }
    this.hll.add(hash);
    if (!known) {
      // Past the exact limit a value's text is kept from its second sighting on (most are seen once).
      table.insertAt(slot, hash, 1);
      if (table.size > 2 * HEAVY_HITTERS) this.prune();
      return;
    }
    table.counts[slot]++;
    if (!table.hasText(slot)) table.keepText(slot, values, start, end);
  }

  private switchToSketch(): void {
    const hll = new HyperLogLog();
    addKeys(hll, this.table);
    this.hll = hll;
    this.prune();
  }

  /**
   * Lossy counting: subtract the HEAVY_HITTERS-th largest count and drop what falls to zero.
   * Runs every few thousand new values past the exact limit, mostly over values seen once, so
   * one pass over the slots counts the ones and lists the rest (in slot order): the cut comes from
   * that split (a selection only among the rest when it lies there), and only the rest are
   * moved, not every slot scanned a second time.
   */
  private prune(): void {
    const table = this.table;
    const { keys, counts } = table;
    if (this.pruneSlots.length < table.size) {
      const room = Math.max(table.size, 2 * HEAVY_HITTERS + 1);
      this.pruneSlots = new Int32Array(room);
      this.pruneCounts = new Uint32Array(room);
    }
    const rest = this.pruneSlots;
    let n = 0;
    let ones = 0;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === 0) continue;
      if (counts[s] === 1) ones++;
      else rest[n++] = s;
    }
    // The k-th smallest count (0-based), k as a selection over every count would take it.
    const k = Math.max(0, ones + n - 1 - HEAVY_HITTERS);
    let cut = 1;
    if (k >= ones) {
      for (let i = 0; i < n; i++) this.pruneCounts[i] = counts[rest[i]];
      cut = kthSmallest(this.pruneCounts.subarray(0, n), k - ones);
    }
    // Room for 2 * HEAVY_HITTERS + 1 entries without growing; the table left behind becomes the next spare.
    const into = this.spare ?? new ValueTable(2 * HEAVY_HITTERS + 1);
    into.clear();
    // In slot order, as the survivors of a scan over every slot would go in.
    for (let i = 0; i < n; i++) if (counts[rest[i]] > cut) table.copyEntryInto(into, rest[i], counts[rest[i]] - cut);
    this.spare = table.keys.length === into.keys.length ? table : null;
    this.table = into;
  }

  merge(other: ValueCounter): void {
    this.total += other.total;
    const { keys, counts } = other.table;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === 0) continue;
      const table = this.table;
      const slot = table.slotOf(keys[s]);
      if (table.keys[slot] === 0) {
        table.insertAt(slot, keys[s], counts[s]);
        // insertAt may have grown the table: the value goes into the key's slot as it is now.
        if (other.table.hasText(s)) table.copyText(table.slotOf(keys[s]), other.table, s);
      } else {
        table.counts[slot] += counts[s];
        if (!table.hasText(slot) && other.table.hasText(s)) table.copyText(slot, other.table, s);
      }
    }
    const wasExact = this.hll === null;
    if (other.hll || !wasExact || this.table.size > this.exactLimit) {
      const hll = this.hll ?? new HyperLogLog();
      if (wasExact) addKeys(hll, this.table);
      else if (!other.hll) addKeys(hll, other.table);
      if (other.hll) hll.merge(other.hll);
      this.hll = hll;
      if (wasExact || this.table.size > 2 * HEAVY_HITTERS) this.prune();
    }
  }

  distinct(): number {
    return this.hll ? this.hll.estimate() : this.table.size;
  }

  /** Values seen exactly once (exact mode only; null once the sketch took over). */
  singletons(): number | null {
    if (this.hll) return null;
    const { keys, counts } = this.table;
    let n = 0;
    for (let s = 0; s < keys.length; s++) if (keys[s] !== 0 && counts[s] === 1) n++;
    return n;
  }

  /** The k most frequent values, ties broken by value so results are stable. */
  top(k: number): ValueCount[] {
    return k <= TOP_BY_SELECTION ? this.topFew(k) : this.sorted().slice(0, k);
  }

  /** Every value with its count (exact mode), for chi² / PSI / JS over categories. */
  all(): ValueCount[] {
    return this.sorted();
  }

  /**
   * top(k) for a small k: one pass keeping the best k in order, instead of sorting every
   * distinct value (100k of them in exact mode) to read ten. Values are ranked on their bytes
   * and decoded only for the k returned.
   */
  private topFew(k: number): ValueCount[] {
    const best: number[] = [];
    if (k <= 0) return [];
    const table = this.table;
    const { keys, counts } = table;
    // The order of top(): higher count first, then the smaller value.
    const ranksBefore = (slot: number, other: number) =>
      counts[slot] > counts[other] || (counts[slot] === counts[other] && table.compareTexts(slot, other) < 0);
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === 0 || !table.hasText(s)) continue;
      if (best.length === k && !ranksBefore(s, best[k - 1])) continue;
      let i = best.length < k ? best.length : k - 1;
      while (i > 0 && ranksBefore(s, best[i - 1])) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = s;
    }
    return best.map((slot) => ({ value: table.textOf(slot), count: counts[slot] }));
  }

  private sorted(): ValueCount[] {
    const { keys, counts } = this.table;
    const out: ValueCount[] = [];
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] !== 0 && this.table.hasText(s)) out.push({ value: this.table.textOf(s), count: counts[s] });
    }
    out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return out;
  }
}

/** Up to this k, top() selects in one pass; past it, it sorts. */
const TOP_BY_SELECTION = 64;

function addKeys(hll: HyperLogLog, table: ValueTable): void {
  const keys = table.keys;
  for (let s = 0; s < keys.length; s++) if (keys[s] !== 0) hll.add(keys[s]);
}
