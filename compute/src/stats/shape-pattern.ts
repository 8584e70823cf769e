/**
 * Shape patterns ("Aaaa 99-9999"): upper-case letters → A, lower-case → a, digits → 9, the rest
 * kept. Counted by pattern hash in one pass over the bytes; the pattern text is built only the
 * first time a pattern is seen, and the table is capped so free text cannot grow it unbounded.
 */
const MAX_PATTERN_BYTES = 40;
const MAX_PATTERNS = 1_000;

export interface PatternCount {
  pattern: string;
  count: number;
}

export function shapeByte(b: number): number {
  if (b >= 65 && b <= 90) return 65;
  if (b >= 97 && b <= 122) return 97;
  if (b >= 48 && b <= 57) return 57;
  return b;
}

export function shapeOf(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return new TextDecoder().decode(bytes.map(shapeByte).subarray(0, MAX_PATTERN_BYTES));
}

/** Slots of the pattern index: a power of two at least twice MAX_PATTERNS, so probes stay short. */
const INDEX_SLOTS = 2048;

/**
 * Patterns are counted in typed arrays, in the order they were first seen, behind an
 * open-addressing index by hash: a Map keyed by these 32-bit hashes boxed half of them and cost
 * a lookup per cell. First-seen order is kept because top() and merge() read entries in it.
 */
export class PatternCounter {
  /** Entry i: its pattern's hash, count and text, entries in first-seen order. */
  private hashes = new Int32Array(MAX_PATTERNS);
  private counts = new Float64Array(MAX_PATTERNS);
  private patterns: string[] = [];
  /** Slot → entry index + 1 (0: empty). */
  private index = new Int32Array(INDEX_SLOTS);
  private size = 0;
  total = 0;
  overflow = 0;

  /** A counter that crossed from another thread (structured clone keeps its fields, not its class). */
  static revive(cloned: PatternCounter): PatternCounter {
    return Object.setPrototypeOf(cloned, PatternCounter.prototype);
  }

  /** The entry of hash `h`, or -(slot + 1) of the empty slot where it would go. */
  private find(h: number): number {
    const index = this.index;
    const hashes = this.hashes;
    let slot = (h ^ (h >>> 11)) & (INDEX_SLOTS - 1);
    for (;;) {
      const at = index[slot];
      if (at === 0) return -(slot + 1);
      if (hashes[at - 1] === h) return at - 1;
      slot = (slot + 1) & (INDEX_SLOTS - 1);
    }
  }

  private insert(slot: number, h: number, count: number, pattern: string): void {
    const at = this.size++;
    this.hashes[at] = h;
    this.counts[at] = count;
    this.patterns.push(pattern);
    this.index[slot] = at + 1;
  }

  /** Counts the value's pattern; returns its entry, for addEntry() to count the value again (-1: past the cap, not counted by pattern). */
  add(values: Uint8Array, start: number, end: number): number {
    this.total++;
    const stop = Math.min(end, start + MAX_PATTERN_BYTES);
    let h = 0x811c9dc5 ^ (end - start > MAX_PATTERN_BYTES ? 1 : 0);
    for (let k = start; k < stop; k++) h = Math.imul(h ^ shapeByte(values[k]), 0x01000193);
    const found = this.find(h);
    if (found >= 0) {
      this.counts[found]++;
      return found;
    }
    if (this.size >= MAX_PATTERNS) {
      this.overflow++;
      return -1;
    }
    const shape = values.slice(start, stop).map(shapeByte);
    let pattern = new TextDecoder().decode(shape);
    if (end - start > MAX_PATTERN_BYTES) pattern += "…";
    this.insert(-found - 1, h, 1, pattern);
    return this.size - 1;
  }

  /**
   * add() of a value whose pattern add() already gave as `entry`: entries are never removed and
   * a pattern past the cap never gets one later, so the count is the one add() would make.
   */
  addEntry(entry: number): void {
    this.total++;
    if (entry >= 0) this.counts[entry]++;
    else this.overflow++;
  }

  merge(other: PatternCounter): void {
    this.total += other.total;
    this.overflow += other.overflow;
    for (let i = 0; i < other.size; i++) {
      const h = other.hashes[i];
      const c = other.counts[i];
      const found = this.find(h);
      if (found >= 0) this.counts[found] += c;
      else if (this.size < MAX_PATTERNS) this.insert(-found - 1, h, c, other.patterns[i]);
      else this.overflow += c;
    }
  }

  top(k: number): PatternCount[] {
    const out: PatternCount[] = [];
    for (let i = 0; i < this.size; i++) out.push({ pattern: this.patterns[i], count: this.counts[i] });
    return out.sort((a, b) => b.count - a.count || (a.pattern < b.pattern ? -1 : 1)).slice(0, k);
  }
}

/** A regular expression matching exactly the values of a shape pattern (for pattern checks). */
export function patternToRegex(pattern: string): string | null {
  if (pattern.endsWith("…")) return null;
  let out = "^";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    let run = 1;
    while (pattern[i + run] === c) run++;
    const cls = c === "A" ? "[A-Z]" : c === "a" ? "[a-z]" : c === "9" ? "[0-9]" : c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
    out += run > 1 ? `${cls}{${run}}` : cls;
    i += run;
  }
  return `${out}$`;
}
