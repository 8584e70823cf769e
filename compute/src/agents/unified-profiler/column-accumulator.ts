/**
 * Everything the profiler learns about one column, gathered in a single pass over the column's
 * UTF-8 bytes. Each statistic is mergeable, so partial accumulators from several workers combine.
 */
import type { ReadingLocale } from "@agensium/shared";
import { hashBytes } from "../../stats/hash.js";
import { Moments } from "../../stats/moments.js";
import { QuantileSketch } from "../../stats/quantiles.js";
import { PatternCounter } from "../../stats/shape-pattern.js";
import { bytesText, compareBytes, type Utf8Cells } from "../../stats/utf8-column.js";
import { ValueCounter } from "../../stats/value-counter.js";
import { CellKind, classifyCell, DateOrder, newParsedCell } from "../../stats/value-parse.js";
import {
  CellMemo,
  MEMO_BLANK,
  MEMO_DAY_FIRST,
  MEMO_DECIMAL_COMMA,
  MEMO_LEADING_ZERO,
  MEMO_MONTH_FIRST,
  MEMO_NULL_TOKEN,
  MEMO_PADDED,
  MEMO_PLAIN_DIGITS,
} from "./cell-memo.js";

const SAMPLE_SIZE = 200;
/** Values a column shows before it is judged for a memo: a batch's worth says whether its values repeat. */
const MEMO_AFTER_VALUES = 4096;
/** Rows remembered per value kind, so values of the wrong type can be pointed at by row. */
export const KIND_ROW_SAMPLES = 20;

export interface RowSample {
  row: number;
  value: string;
}
/** A null cell's contribution to the row hash (distinct from any real value hash). */
export const NULL_CELL_HASH = 0x1f3d5b79;

export interface AccumulatorOptions {
  exactDistinctLimit: number;
  exactQuantileLimit: number;
  /** Null tokens (NA, null, …) as UTF-8 bytes ("" included when configured). */
  nullTokens: Uint8Array[];
  /** What the user said about numbers and dates (input.locale, …); absent: detected. */
  locale?: ReadingLocale | null;
  /** Memo slots per column (memoSlotsPerColumn); absent or 0: every cell is worked out. */
  memoSlots?: number;
}

function isSpace(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13;
}

export class ColumnAccumulator {
  count = 0;
  missing = 0;
  textNulls = 0;
  emptyStrings = 0;
  whitespace = 0;
  readonly kindCounts = [0, 0, 0, 0, 0, 0];
  readonly kindRows: RowSample[][] = [[], [], [], [], [], []];
  lengthMin = Infinity;
  lengthMax = 0;
  lengthSum = 0;
  readonly moments = new Moments();
  infinite = 0;
  zeros = 0;
  negatives = 0;
  leadingZeros = 0;
  digitWidthMin = Infinity;
  digitWidthMax = 0;
  plainDigitValues = 0;
  /** Numbers written with a decimal comma (1.008,33 €), and dates that can only be day-first / month-first. */
  decimalCommaValues = 0;
  dayFirstDates = 0;
  monthFirstDates = 0;
  dateMin = Infinity;
  dateMax = -Infinity;
  dateMinText = "";
  dateMaxText = "";
  textMin: Uint8Array | null = null;
  textMax: Uint8Array | null = null;
  readonly sample: string[] = [];
  readonly values: ValueCounter;
  readonly patterns = new PatternCounter();
  readonly quantiles: QuantileSketch;
  private readonly parsed: ReturnType<typeof newParsedCell>;
  private readonly maxNullTokenLength: number;
  /** Findings of recent distinct values (see cell-memo.ts); null until the column shows it repeats. */
  private memo: CellMemo | null = null;
  /** Slots for that memo; 0 once decided against, or when the options give none. */
  private memoSlots: number;
  /** Cells counted from the memo (a measure of what it spared; tests see that it ran). */
  memoHits = 0;

  /** What the user said about numbers and dates, if anything. */
  get locale(): ReadingLocale | null {
    return this.options.locale ?? null;
  }

  /** An accumulator that crossed from a worker thread (structured clone keeps its fields, not its classes). */
  static revive(cloned: ColumnAccumulator): ColumnAccumulator {
    const acc: ColumnAccumulator = Object.setPrototypeOf(cloned, ColumnAccumulator.prototype);
    Moments.revive(acc.moments);
    ValueCounter.revive(acc.values);
    PatternCounter.revive(acc.patterns);
    QuantileSketch.revive(acc.quantiles);
    return acc;
  }

  /** The buffers of its large typed arrays (distinct values, exact quantiles), to transfer rather than copy. */
  buffers(): ArrayBuffer[] {
    return [...this.values.buffers(), ...this.quantiles.buffers()];
  }

  constructor(
    readonly name: string,
    private readonly options: AccumulatorOptions,
  ) {
    this.parsed = newParsedCell({
      decimalComma: true,
      decimal: options.locale?.decimal ?? null,
      dayFirst: options.locale?.date_order === "DMY",
    });
    this.values = new ValueCounter(options.exactDistinctLimit);
    this.quantiles = new QuantileSketch(options.exactQuantileLimit);
    this.maxNullTokenLength = Math.max(0, ...options.nullTokens.map((p) => p.length));
    this.memoSlots = options.memoSlots ?? 0;
  }

  private isNullToken(v: Uint8Array, s: number, e: number): boolean {
    if (e - s > this.maxNullTokenLength) return false;
    outer: for (const p of this.options.nullTokens) {
      if (p.length !== e - s) continue;
      for (let k = 0; k < p.length; k++) if (p[k] !== v[s + k]) continue outer;
      return true;
    }
    return false;
  }

  /**
   * Adds one chunk of cells starting at batch row `rowOffset` (file row `firstRow + rowOffset`).
   * `cellHashes[i]` receives this cell's hash (for duplicate rows) and `numbers[i]` its numeric
   * value or NaN (for correlations).
   */
  addCells(cells: Utf8Cells, rowOffset: number, firstRow: number, cellHashes: Float64Array, numbers: Float64Array): void {
    const { offsets, values: v, validity, bitOffset, length } = cells;
    this.count += length;
    if (this.memo === null && this.memoSlots > 0) this.considerMemo();
    const memo = this.memo;
    for (let i = 0; i < length; i++) {
      const row = rowOffset + i;
      numbers[row] = Number.NaN;
      if (validity !== null) {
        const bit = bitOffset + i;
        if ((validity[bit >> 3] & (1 << (bit & 7))) === 0) {
          this.missing++;
          cellHashes[row] = NULL_CELL_HASH;
          continue;
        }
      }
      const s0 = offsets[i];
      const e0 = offsets[i + 1];
      const hash = hashBytes(v, s0, e0);
      cellHashes[row] = hash;
      if (s0 === e0) this.emptyStrings++;
      if (memo === null) this.addCell(v, s0, e0, hash, row, firstRow, numbers, null, 0);
      else {
        const slot = memo.slotOf(hash);
        // An empty slot's key is 0, and a value hashing to 0 is never kept.
        if (memo.keys[slot] === hash && hash !== 0) this.addSeen(v, s0, e0, hash, row, firstRow, numbers, memo, slot);
        else this.addCell(v, s0, e0, hash, row, firstRow, numbers, memo, slot);
      }
    }
  }

  /** Once a column has shown enough values, whether they repeat enough for a memo (see cell-memo.ts) to pay. */
  private considerMemo(): void {
    const seen = this.values.total;
    if (seen < MEMO_AFTER_VALUES) return;
    if (this.values.exact && this.values.distinct() * 2 <= seen) this.memo = new CellMemo(this.memoSlots);
    // Decided once: a column of mostly distinct values would only miss.
    this.memoSlots = 0;
  }

  /** A present cell seen for the first time (or no longer in the memo): every finding worked out, and kept in the memo's `slot`. */
  private addCell(
    v: Uint8Array,
    s0: number,
    e0: number,
    hash: number,
    row: number,
    firstRow: number,
    numbers: Float64Array,
    memo: CellMemo | null,
    slot: number,
  ): void {
    const parsed = this.parsed;
    let marks = 0;
    let chars = 0;
    if (this.isNullToken(v, s0, e0)) {
      this.textNulls++;
      memo?.keep(slot, hash, CellKind.String, Number.NaN, MEMO_NULL_TOKEN, 0, -1);
      return;
    }
    this.values.add(hash, v, s0, e0);
    const pattern = this.patterns.add(v, s0, e0);
    if (this.sample.length < SAMPLE_SIZE) this.sample.push(bytesText(v, s0, e0));
    for (let k = s0; k < e0; k++) if ((v[k] & 0xc0) !== 0x80) chars++;
    this.addLength(chars);
    if (this.textMin === null || compareBytes(v, s0, e0, this.textMin, 0, this.textMin.length) < 0) this.textMin = v.slice(s0, e0);
    if (this.textMax === null || compareBytes(v, s0, e0, this.textMax, 0, this.textMax.length) > 0) this.textMax = v.slice(s0, e0);

    let s = s0;
    let e = e0;
    if (isSpace(v[s]) || isSpace(v[e - 1])) {
      this.whitespace++;
      marks |= MEMO_PADDED;
      while (s < e && isSpace(v[s])) s++;
      while (e > s && isSpace(v[e - 1])) e--;
      if (s === e) {
        this.kindCounts[CellKind.String]++;
        memo?.keep(slot, hash, CellKind.String, Number.NaN, marks | MEMO_BLANK, chars, pattern);
        return;
      }
    }
    const kind = classifyCell(v, s, e, parsed);
    const value = parsed.value;
    if (parsed.decimalComma) marks |= MEMO_DECIMAL_COMMA;
    if (parsed.plainDigits) marks |= MEMO_PLAIN_DIGITS;
    if (parsed.leadingZero) marks |= MEMO_LEADING_ZERO;
    if (kind === CellKind.Date || kind === CellKind.DateTime) {
      if (parsed.dateOrder === DateOrder.DayFirst) marks |= MEMO_DAY_FIRST;
      else if (parsed.dateOrder === DateOrder.MonthFirst) marks |= MEMO_MONTH_FIRST;
    }
    this.addKind(kind, value, marks, v, s0, e0, row, firstRow, numbers);
    if (kind === CellKind.Integer || kind === CellKind.Float) {
      if (Number.isFinite(value) && (marks & MEMO_PLAIN_DIGITS) !== 0) {
        const width = e - s;
        if (width < this.digitWidthMin) this.digitWidthMin = width;
        if (width > this.digitWidthMax) this.digitWidthMax = width;
      }
    } else if (kind === CellKind.Date || kind === CellKind.DateTime) {
      if (value < this.dateMin) {
        this.dateMin = value;
        this.dateMinText = bytesText(v, s, e);
      }
      if (value > this.dateMax) {
        this.dateMax = value;
        this.dateMaxText = bytesText(v, s, e);
      }
    }
    memo?.keep(slot, hash, kind, value, marks, chars, pattern);
  }

  /**
   * A present cell whose bytes the memo's `slot` holds the findings of: counted as addCell counts
   * it, less what a value seen before cannot change (the text and date extremes, the digit widths).
   */
  private addSeen(
    v: Uint8Array,
    s0: number,
    e0: number,
    hash: number,
    row: number,
    firstRow: number,
    numbers: Float64Array,
    memo: CellMemo,
    slot: number,
  ): void {
    this.memoHits++;
    const marks = memo.marks[slot];
    if ((marks & MEMO_NULL_TOKEN) !== 0) {
      this.textNulls++;
      return;
    }
    this.values.add(hash, v, s0, e0);
    this.patterns.addEntry(memo.patterns[slot]);
    if (this.sample.length < SAMPLE_SIZE) this.sample.push(bytesText(v, s0, e0));
    this.addLength(memo.chars[slot]);
    if ((marks & MEMO_PADDED) !== 0) {
      this.whitespace++;
      if ((marks & MEMO_BLANK) !== 0) {
        this.kindCounts[CellKind.String]++;
        return;
      }
    }
    this.addKind(memo.kinds[slot], memo.values[slot], marks, v, s0, e0, row, firstRow, numbers);
  }

  private addLength(chars: number): void {
    if (chars < this.lengthMin) this.lengthMin = chars;
    if (chars > this.lengthMax) this.lengthMax = chars;
    this.lengthSum += chars;
  }

  /** A classified cell's counts: its kind, and its number (statistics, correlations) or its date's day order. */
  private addKind(
    kind: number,
    value: number,
    marks: number,
    v: Uint8Array,
    s0: number,
    e0: number,
    row: number,
    firstRow: number,
    numbers: Float64Array,
  ): void {
    this.kindCounts[kind]++;
    if (this.kindRows[kind].length < KIND_ROW_SAMPLES) this.kindRows[kind].push({ row: firstRow + row, value: bytesText(v, s0, e0) });
    if (kind === CellKind.Integer || kind === CellKind.Float) {
      if (!Number.isFinite(value)) {
        this.infinite++;
        return;
      }
      if ((marks & MEMO_DECIMAL_COMMA) !== 0) this.decimalCommaValues++;
      this.moments.add(value);
      this.quantiles.add(value);
      numbers[row] = value;
      if (value === 0) this.zeros++;
      else if (value < 0) this.negatives++;
      if ((marks & MEMO_PLAIN_DIGITS) !== 0) {
        this.plainDigitValues++;
        if ((marks & MEMO_LEADING_ZERO) !== 0) this.leadingZeros++;
      }
    } else if (kind === CellKind.Date || kind === CellKind.DateTime) {
      if ((marks & MEMO_DAY_FIRST) !== 0) this.dayFirstDates++;
      else if ((marks & MEMO_MONTH_FIRST) !== 0) this.monthFirstDates++;
    } else if (kind === CellKind.Boolean) {
      numbers[row] = value;
    }
  }

  /** Frees the memo once the scan is over (it is not merged, and need not cross threads). */
  dropMemo(): void {
    this.memo = null;
    this.memoSlots = 0;
  }

  merge(o: ColumnAccumulator): void {
    this.count += o.count;
    this.decimalCommaValues += o.decimalCommaValues;
    this.dayFirstDates += o.dayFirstDates;
    this.monthFirstDates += o.monthFirstDates;
    this.missing += o.missing;
    this.textNulls += o.textNulls;
    this.emptyStrings += o.emptyStrings;
    this.whitespace += o.whitespace;
    for (let k = 0; k < this.kindCounts.length; k++) {
      this.kindCounts[k] += o.kindCounts[k];
      this.kindRows[k] = [...this.kindRows[k], ...o.kindRows[k]].sort((a, b) => a.row - b.row).slice(0, KIND_ROW_SAMPLES);
    }
    this.lengthMin = Math.min(this.lengthMin, o.lengthMin);
    this.lengthMax = Math.max(this.lengthMax, o.lengthMax);
    this.lengthSum += o.lengthSum;
    this.moments.merge(o.moments);
    this.infinite += o.infinite;
    this.zeros += o.zeros;
    this.negatives += o.negatives;
    this.leadingZeros += o.leadingZeros;
    this.plainDigitValues += o.plainDigitValues;
    this.digitWidthMin = Math.min(this.digitWidthMin, o.digitWidthMin);
    this.digitWidthMax = Math.max(this.digitWidthMax, o.digitWidthMax);
    if (o.dateMin < this.dateMin) [this.dateMin, this.dateMinText] = [o.dateMin, o.dateMinText];
    if (o.dateMax > this.dateMax) [this.dateMax, this.dateMaxText] = [o.dateMax, o.dateMaxText];
    if (o.textMin && (!this.textMin || compareBytes(o.textMin, 0, o.textMin.length, this.textMin, 0, this.textMin.length) < 0))
      this.textMin = o.textMin;
    if (o.textMax && (!this.textMax || compareBytes(o.textMax, 0, o.textMax.length, this.textMax, 0, this.textMax.length) > 0))
      this.textMax = o.textMax;
    for (const s of o.sample) if (this.sample.length < SAMPLE_SIZE) this.sample.push(s);
    this.values.merge(o.values);
    this.patterns.merge(o.patterns);
    this.quantiles.merge(o.quantiles);
  }

  /** Non-null values: present, and not a null token. */
  get nonNull(): number {
    return this.count - this.missing - this.textNulls;
  }

  /** A numeric column, as judged on the first batch: ≥ 90 % of its non-null values are numbers. */
  get mostlyNumbers(): boolean {
    const numbers = this.kindCounts[CellKind.Integer] + this.kindCounts[CellKind.Float];
    return this.nonNull > 0 && numbers >= 0.9 * this.nonNull;
  }
}
