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

const SAMPLE_SIZE = 200;
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
    const parsed = this.parsed;
    this.count += length;
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
      if (this.isNullToken(v, s0, e0)) {
        this.textNulls++;
        continue;
      }
      this.values.add(hash, v, s0, e0);
      this.patterns.add(v, s0, e0);
      if (this.sample.length < SAMPLE_SIZE) this.sample.push(bytesText(v, s0, e0));
      let chars = 0;
      for (let k = s0; k < e0; k++) if ((v[k] & 0xc0) !== 0x80) chars++;
      if (chars < this.lengthMin) this.lengthMin = chars;
      if (chars > this.lengthMax) this.lengthMax = chars;
      this.lengthSum += chars;
      if (this.textMin === null || compareBytes(v, s0, e0, this.textMin, 0, this.textMin.length) < 0) this.textMin = v.slice(s0, e0);
      if (this.textMax === null || compareBytes(v, s0, e0, this.textMax, 0, this.textMax.length) > 0) this.textMax = v.slice(s0, e0);

      let s = s0;
      let e = e0;
      if (isSpace(v[s]) || isSpace(v[e - 1])) {
        this.whitespace++;
        while (s < e && isSpace(v[s])) s++;
        while (e > s && isSpace(v[e - 1])) e--;
        if (s === e) {
          this.kindCounts[CellKind.String]++;
          continue;
        }
      }
      const kind = classifyCell(v, s, e, parsed);
      this.kindCounts[kind]++;
      if (this.kindRows[kind].length < KIND_ROW_SAMPLES) this.kindRows[kind].push({ row: firstRow + row, value: bytesText(v, s0, e0) });
      if (kind === CellKind.Integer || kind === CellKind.Float) {
        const x = parsed.value;
        if (!Number.isFinite(x)) {
          this.infinite++;
          continue;
        }
        if (parsed.decimalComma) this.decimalCommaValues++;
        this.moments.add(x);
        this.quantiles.add(x);
        numbers[row] = x;
        if (x === 0) this.zeros++;
        else if (x < 0) this.negatives++;
        if (parsed.plainDigits) {
          this.plainDigitValues++;
          if (parsed.leadingZero) this.leadingZeros++;
          const width = e - s;
          if (width < this.digitWidthMin) this.digitWidthMin = width;
          if (width > this.digitWidthMax) this.digitWidthMax = width;
        }
      } else if (kind === CellKind.Date || kind === CellKind.DateTime) {
        const t = parsed.value;
        if (parsed.dateOrder === DateOrder.DayFirst) this.dayFirstDates++;
        else if (parsed.dateOrder === DateOrder.MonthFirst) this.monthFirstDates++;
        if (t < this.dateMin) {
          this.dateMin = t;
          this.dateMinText = bytesText(v, s, e);
        }
        if (t > this.dateMax) {
          this.dateMax = t;
          this.dateMaxText = bytesText(v, s, e);
        }
      } else if (kind === CellKind.Boolean) {
        numbers[row] = parsed.value;
      }
    }
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
