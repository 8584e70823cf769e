/**
 * A column's values repeat (categories, flags, dates, amounts with few distinct values), so an
 * agent decides what to do with a value once per distinct text and looks the decision up for
 * every later cell. The memo is bounded: once it holds `limit` values it stops learning new
 * ones, and if then fewer than half of the next lookups find their value (a column of mostly
 * unique values: ids, free text, timestamps) it stops looking, since a lookup that misses costs
 * a string hash on top of the decision itself.
 */
export class DistinctMemo<T> {
  private readonly decisions = new Map<string, T>();
  private lookupsWhenFull = 0;
  private hitsWhenFull = 0;
  private bypass = false;

  constructor(private readonly limit = 16_384) {}

  /** The decision for `text`, computed by `decide` the first time it is seen. */
  get(text: string, decide: (text: string) => T): T {
    if (this.bypass) return decide(text);
    const full = this.decisions.size >= this.limit;
    if (full && ++this.lookupsWhenFull === TRIAL_LOOKUPS) this.bypass = this.hitsWhenFull < TRIAL_LOOKUPS / 2;
    const known = this.decisions.get(text);
    if (known !== undefined || this.decisions.has(text)) {
      if (full) this.hitsWhenFull++;
      return known as T;
    }
    const decision = decide(text);
    if (!full) this.decisions.set(text, decision);
    return decision;
  }
}

/** Lookups made once the memo is full, to tell a repeating column from one of unique values. */
const TRIAL_LOOKUPS = 4096;

/** True when values[start, end) is plain ASCII: its text is its bytes, whatever the decoder would do. */
export function isAsciiBytes(values: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (values[k] >= 0x80) return false;
  return true;
}

/** ASCII whitespace, the only whitespace String.prototype.trim removes from an ASCII text. */
export function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}
