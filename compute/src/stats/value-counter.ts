/**
 * Distinct values and their frequencies. Exact (a count per 53-bit value hash) up to `exactLimit`
 * distinct values; past it, distinct switches to HyperLogLog and frequencies to lossy counting
 * that keeps the heavy hitters in bounded memory. A value's text is decoded once, when first kept.
 */
import { HyperLogLog } from "./hyperloglog.js";
import { bytesText } from "./utf8-column.js";

export interface ValueCount {
  value: string;
  count: number;
}

const HEAVY_HITTERS = 2_000;

export class ValueCounter {
  private counts = new Map<number, number>();
  private texts = new Map<number, string>();
  private hll: HyperLogLog | null = null;
  total = 0;

  constructor(private readonly exactLimit: number) {}

  get exact(): boolean {
    return this.hll === null;
  }

  add(hash: number, values: Uint8Array, start: number, end: number): void {
    this.total++;
    const seen = this.counts.get(hash);
    if (this.hll === null) {
      if (seen === undefined) {
        this.counts.set(hash, 1);
        this.texts.set(hash, bytesText(values, start, end));
        if (this.counts.size > this.exactLimit) this.switchToSketch();
      } else this.counts.set(hash, seen + 1);
      return;
    }
    this.hll.add(hash);
    if (seen === undefined) {
      this.counts.set(hash, 1);
      if (this.counts.size > 2 * HEAVY_HITTERS) this.prune();
    } else {
      this.counts.set(hash, seen + 1);
      if (!this.texts.has(hash)) this.texts.set(hash, bytesText(values, start, end));
    }
  }

  private switchToSketch(): void {
    const hll = new HyperLogLog();
    for (const hash of this.counts.keys()) hll.add(hash);
    this.hll = hll;
    this.prune();
  }

  /** Lossy counting: subtract the median count and drop what falls to zero (amortised O(1)). */
  private prune(): void {
    const sorted = [...this.counts.values()].sort((a, b) => b - a);
    const cut = sorted[Math.min(HEAVY_HITTERS, sorted.length - 1)];
    for (const [hash, count] of this.counts) {
      if (count <= cut) {
        this.counts.delete(hash);
        this.texts.delete(hash);
      } else this.counts.set(hash, count - cut);
    }
  }

  merge(other: ValueCounter): void {
    this.total += other.total;
    for (const [hash, count] of other.counts) {
      this.counts.set(hash, (this.counts.get(hash) ?? 0) + count);
      const text = other.texts.get(hash);
      if (text !== undefined && !this.texts.has(hash)) this.texts.set(hash, text);
    }
    if (other.hll || this.hll || this.counts.size > this.exactLimit) {
      const hll = this.hll ?? new HyperLogLog();
      if (!this.hll) for (const hash of this.counts.keys()) hll.add(hash);
      if (other.hll) hll.merge(other.hll);
      else for (const hash of other.counts.keys()) hll.add(hash);
      const wasExact = this.hll === null;
      this.hll = hll;
      if (wasExact || this.counts.size > 2 * HEAVY_HITTERS) this.prune();
    }
  }

  distinct(): number {
    return this.hll ? this.hll.estimate() : this.counts.size;
  }

  /** Values seen exactly once (exact mode only; null once the sketch took over). */
  singletons(): number | null {
    if (this.hll) return null;
    let n = 0;
    for (const c of this.counts.values()) if (c === 1) n++;
    return n;
  }

  /** The k most frequent values, ties broken by value so results are stable. */
  top(k: number): ValueCount[] {
    const out: ValueCount[] = [];
    for (const [hash, count] of this.counts) {
      const value = this.texts.get(hash);
      if (value !== undefined) out.push({ value, count });
    }
    out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return out.slice(0, k);
  }

  /** Every value with its count (exact mode), for chi² / PSI / JS over categories. */
  all(): ValueCount[] {
    return this.top(Number.POSITIVE_INFINITY);
  }
}
