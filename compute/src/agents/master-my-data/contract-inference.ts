/**
 * The contract inferred when none is given: every column required, with the unified-profiler's
 * type, not_null when the profiler would count no nulls, unique when it would count every value
 * distinct. Only the statistics those three need are gathered — per cell a null test, the value's
 * kind and digit shape, and its hash while the column can still be unique — in one pass over the
 * bytes, instead of a full profile (moments, quantiles, patterns, top values) whose other
 * numbers the contract never reads. The type rule itself is the profiler's (inferType).
 */
import { profileMyDataParameters } from "@agensium/shared";
import { type Dataset, EngineError, scanBatches } from "../../engine/types.js";
import { hashBytes } from "../../stats/hash.js";
import { HashCountTable } from "../../stats/hash-table.js";
import { batchColumnCells, type Utf8Cells } from "../../stats/utf8-column.js";
import { CellKind, classifyCell, newParsedCell, type ParsedCell } from "../../stats/value-parse.js";
import { type AccumulatorOptions, ColumnAccumulator } from "../unified-profiler/column-accumulator.js";
import { inferType } from "../unified-profiler/column-profile.js";
import type { DataContract } from "./contract-checks.js";

/** The profiler's defaults, which the inferred contract has always been read with. */
const PROFILER_DEFAULTS = profileMyDataParameters.parse({})["unified-profiler"];

/** The profiler's spaces around a value (ColumnAccumulator trims these before classifying). */
function isSpace(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13;
}

/** What the contract needs of one column, counted as ColumnAccumulator.addCells counts it. */
class ContractColumnStats {
  count = 0;
  nulls = 0;
  readonly kindCounts = [0, 0, 0, 0, 0, 0];
  leadingZeros = 0;
  plainDigitValues = 0;
  digitWidthMin = Number.POSITIVE_INFINITY;
  digitWidthMax = 0;
  /**
   * Distinct value hashes while every value so far is present and different (the profiler's
   * exact distinct count, hash by hash); null from the first null, repeat or value past the
   * exact limit, after which the column cannot be unique and nothing more is kept.
   */
  distinct: HashCountTable | null = new HashCountTable(1024);

  constructor(
    private readonly nullTokens: Uint8Array[],
    private readonly exactLimit: number,
    private readonly parsed: ParsedCell,
  ) {}

  private isNullToken(v: Uint8Array, s: number, e: number): boolean {
    outer: for (const token of this.nullTokens) {
      if (token.length !== e - s) continue;
      for (let k = 0; k < token.length; k++) if (token[k] !== v[s + k]) continue outer;
      return true;
    }
    return false;
  }

  add(cells: Utf8Cells): void {
    const { offsets, values: v, validity, bitOffset, length } = cells;
    const parsed = this.parsed;
    this.count += length;
    for (let i = 0; i < length; i++) {
      if (validity !== null) {
        const bit = bitOffset + i;
        if ((validity[bit >> 3] & (1 << (bit & 7))) === 0) {
          this.nulls++;
          this.distinct = null;
          continue;
        }
      }
      const s0 = offsets[i];
      const e0 = offsets[i + 1];
      if (this.isNullToken(v, s0, e0)) {
        this.nulls++;
        this.distinct = null;
        continue;
      }
      const distinct = this.distinct;
      if (distinct !== null && (distinct.increment(hashBytes(v, s0, e0)) > 0 || distinct.size > this.exactLimit)) this.distinct = null;
      let s = s0;
      let e = e0;
      while (s < e && isSpace(v[s])) s++;
      while (e > s && isSpace(v[e - 1])) e--;
      if (s === e) {
        this.kindCounts[CellKind.String]++;
        continue;
      }
      const kind = classifyCell(v, s, e, parsed);
      this.kindCounts[kind]++;
      // Digit shapes of finite numbers only, as the profiler keeps them.
      if ((kind === CellKind.Integer || kind === CellKind.Float) && Number.isFinite(parsed.value) && parsed.plainDigits) {
        this.plainDigitValues++;
        if (parsed.leadingZero) this.leadingZeros++;
        const width = e - s;
        if (width < this.digitWidthMin) this.digitWidthMin = width;
        if (width > this.digitWidthMax) this.digitWidthMax = width;
      }
    }
  }

  /** The profiler's inferred type from these counts: its rule, applied to an accumulator holding them. */
  type(name: string, options: AccumulatorOptions): DataContract["columns"][number]["type"] {
    const acc = new ColumnAccumulator(name, options);
    for (let k = 0; k < this.kindCounts.length; k++) acc.kindCounts[k] = this.kindCounts[k];
    acc.leadingZeros = this.leadingZeros;
    acc.plainDigitValues = this.plainDigitValues;
    acc.digitWidthMin = this.digitWidthMin;
    acc.digitWidthMax = this.digitWidthMax;
    return inferType(acc).type;
  }

  /** distinct_exact && count > 1 && distinct === count, as the profile reports them. */
  get unique(): boolean {
    return this.distinct !== null && this.count > 1 && this.distinct.size === this.count;
  }
}

export async function inferContract(dataset: Dataset, signal: AbortSignal, progress: (rows: number) => void): Promise<DataContract> {
  const encoder = new TextEncoder();
  const nullTokens = PROFILER_DEFAULTS.null_markers.map((marker) => encoder.encode(marker));
  const options: AccumulatorOptions = { exactDistinctLimit: PROFILER_DEFAULTS.exact_distinct_limit, exactQuantileLimit: 1, nullTokens };
  // The profiler's reading without a locale: decimal commas detected, dates month first unless only day first fits.
  const parsed = newParsedCell({ decimalComma: true, decimal: null, dayFirst: false });
  const stats = dataset.columns.map(() => new ContractColumnStats(nullTokens, PROFILER_DEFAULTS.exact_distinct_limit, parsed));
  let rows = 0;
  for await (const { batch } of scanBatches(dataset, signal)) {
    if (signal.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    // Column c of the batch, as the profiler reads it (a batch without it adds nothing).
    for (let c = 0; c < stats.length; c++) for (const cells of batchColumnCells(batch, c)) stats[c].add(cells);
    rows += batch.numRows;
    progress(rows);
  }
  return {
    allow_extra_columns: false,
    columns: dataset.columns.map((name, c) => ({
      name,
      required: true,
      type: stats[c].type(name, options),
      ...(stats[c].nulls === 0 ? { not_null: true } : {}),
      ...(stats[c].unique ? { unique: true } : {}),
    })),
  };
}
