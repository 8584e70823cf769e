/**
 * What the profiler worked out about a column's recent distinct values, by value hash, so a value
 * seen again is not classified, parsed, measured and shaped again: a column of categories, ages,
 * flags or dates repeats a few thousand values across a million cells, and each repeat then
 * costs a probe and a few counters. Direct-mapped (a value takes the slot its hash names, and
 * evicts what was there), so it is a fixed few typed arrays whatever the column holds.
 *
 * A cell's findings depend only on its bytes and the column's fixed options (classifyCell keeps
 * no state between cells), and the hash stands for the bytes as it does in the value counts.
 */
export const MEMO_NULL_TOKEN = 1;
/** Space at either end (counted as whitespace), and nothing but space (a string, nothing more). */
export const MEMO_PADDED = 2;
export const MEMO_BLANK = 4;
export const MEMO_DECIMAL_COMMA = 8;
export const MEMO_PLAIN_DIGITS = 16;
export const MEMO_LEADING_ZERO = 32;
export const MEMO_DAY_FIRST = 64;
export const MEMO_MONTH_FIRST = 128;

/** Memo slots a profile's threads may hold in all (28 bytes each), shared out between the columns. */
export const MEMO_SLOTS_IN_ALL = 1 << 18;
const MAX_SLOTS_PER_COLUMN = 1 << 12;
/** Below this a memo catches too few values to pay for its misses. */
const MIN_SLOTS_PER_COLUMN = 1 << 8;

/** The memo slots each column gets in a dataset `width` columns wide (0: none). */
export function memoSlotsPerColumn(width: number): number {
  let slots = MAX_SLOTS_PER_COLUMN;
  while (slots >= MIN_SLOTS_PER_COLUMN && slots * width > MEMO_SLOTS_IN_ALL) slots >>= 1;
  return slots >= MIN_SLOTS_PER_COLUMN ? slots : 0;
}

export class CellMemo {
  /** A slot's value hash; 0: empty (a value whose hash is 0 is never kept). */
  readonly keys: Float64Array;
  /** The cell's kind (CellKind), its number or time, its marks (MEMO_*), its length in characters, its shape pattern's entry (-1: none). */
  readonly kinds: Int8Array;
  readonly values: Float64Array;
  readonly marks: Uint8Array;
  readonly chars: Int32Array;
  readonly patterns: Int32Array;
  private readonly mask: number;

  constructor(slots: number) {
    this.keys = new Float64Array(slots);
    this.kinds = new Int8Array(slots);
    this.values = new Float64Array(slots);
    this.marks = new Uint8Array(slots);
    this.chars = new Int32Array(slots);
    this.patterns = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** Keeps what the value of `hash` came to in `slot` (in place of what was there; a hash of 0 is not kept). */
  keep(slot: number, hash: number, kind: number, value: number, marks: number, chars: number, pattern: number): void {
    if (hash === 0) return;
    this.keys[slot] = hash;
    this.kinds[slot] = kind;
    this.values[slot] = value;
    this.marks[slot] = marks;
    this.chars[slot] = chars;
    this.patterns[slot] = pattern;
  }

  /** The slot of `hash`: it holds the value when keys[slot] === hash. */
  slotOf(hash: number): number {
    return ((hash >>> 0) ^ ((hash / 4294967296) >>> 0)) & this.mask;
  }
}
