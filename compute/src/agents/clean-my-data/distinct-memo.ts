/**
 * A column's values repeat (categories, flags, dates, amounts with few distinct values), so an
 * agent decides what to do with a value once per distinct text and looks the decision up for
 * every later cell. The memo is bounded: once it holds `limit` values it stops learning new
 * ones (a column of unique values then costs one failed lookup per cell, not unbounded memory).
 */
export class DistinctMemo<T> {
  private readonly decisions = new Map<string, T>();

  constructor(private readonly limit = 65_536) {}

  /** The decision for `text`, computed by `decide` the first time it is seen. */
  get(text: string, decide: (text: string) => T): T {
    const known = this.decisions.get(text);
    if (known !== undefined || this.decisions.has(text)) return known as T;
    const decision = decide(text);
    if (this.decisions.size < this.limit) this.decisions.set(text, decision);
    return decision;
  }
}

/** True when values[start, end) is plain ASCII: its text is its bytes, whatever the decoder would do. */
export function isAsciiBytes(values: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (values[k] >= 0x80) return false;
  return true;
}

/** ASCII whitespace, the only whitespace String.prototype.trim removes from an ASCII text. */
export function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}
