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

export class PatternCounter {
  private counts = new Map<number, number>();
  private patterns = new Map<number, string>();
  total = 0;
  overflow = 0;

  /** A counter that crossed from another thread (structured clone keeps its fields, not its class). */
  static revive(cloned: PatternCounter): PatternCounter {
    return Object.setPrototypeOf(cloned, PatternCounter.prototype);
  }

  add(values: Uint8Array, start: number, end: number): void {
    this.total++;
    const stop = Math.min(end, start + MAX_PATTERN_BYTES);
    let h = 0x811c9dc5 ^ (end - start > MAX_PATTERN_BYTES ? 1 : 0);
    for (let k = start; k < stop; k++) h = Math.imul(h ^ shapeByte(values[k]), 0x01000193);
    const seen = this.counts.get(h);
    if (seen !== undefined) {
      this.counts.set(h, seen + 1);
      return;
    }
    if (this.counts.size >= MAX_PATTERNS) {
      this.overflow++;
      return;
    }
    const shape = values.slice(start, stop).map(shapeByte);
    let pattern = new TextDecoder().decode(shape);
    if (end - start > MAX_PATTERN_BYTES) pattern += "…";
    this.counts.set(h, 1);
    this.patterns.set(h, pattern);
  }

  merge(other: PatternCounter): void {
    this.total += other.total;
    this.overflow += other.overflow;
    for (const [h, c] of other.counts) {
      const seen = this.counts.get(h);
      if (seen !== undefined) this.counts.set(h, seen + c);
      else if (this.counts.size < MAX_PATTERNS) {
        this.counts.set(h, c);
        this.patterns.set(h, other.patterns.get(h)!);
      } else this.overflow += c;
    }
  }

  top(k: number): PatternCount[] {
    return [...this.counts]
      .map(([h, count]) => ({ pattern: this.patterns.get(h)!, count }))
      .sort((a, b) => b.count - a.count || (a.pattern < b.pattern ? -1 : 1))
      .slice(0, k);
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
