/** Turns a column's accumulator into the reported profile: inferred type, statistics, samples. */
import type * as report from "@agensium/shared";
import { equalWidthHistogram, type Histogram } from "../../stats/histogram.js";
import { maskValue } from "../../stats/masking.js";
import { COLUMN_EVIDENCE_ENTITIES, COLUMN_EVIDENCE_SHARE, detectPii, headerEntities, newColumnContext } from "../../stats/pii-entities.js";
import { semanticType } from "../../stats/semantic-type.js";
import { CellKind, type InferredType } from "../../stats/value-parse.js";
import type { ColumnAccumulator } from "./column-accumulator.js";

/** Share of non-null values one type group must reach for the column to take that type. */
const DOMINANT_SHARE = 0.95;
/** All-digit values of one width from 5 digits up are codes (zip, account, id), not quantities. */
const FIXED_WIDTH_MIN_DIGITS = 5;
const FIXED_WIDTH_MIN_VALUES = 20;
export const CATEGORY_LIMIT = 50;

export type ColumnProfile = report.ColumnProfile;

export interface ProfileOptions {
  topValues: number;
  histogramBins: number;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

const KIND_GROUP: Record<CellKind, number> = {
  [CellKind.Integer]: 0,
  [CellKind.Float]: 0,
  [CellKind.Date]: 1,
  [CellKind.DateTime]: 1,
  [CellKind.Boolean]: 2,
  [CellKind.String]: 3,
};

/**
 * The column's type. `fixedWidthIsCode: false` keeps same-width digits numeric: comparing two files,
 * ids 20001–25000 in one and 1–20000 in the other are the same kind of column.
 */
export function inferType(
  acc: ColumnAccumulator,
  fixedWidthIsCode = true,
): { type: InferredType; mixed: number; dominantGroup: number; dominantType: InferredType; typicalGroups: number[] } {
  const k = acc.kindCounts;
  const valued = k.reduce((s, x) => s + x, 0);
  if (valued === 0) return { type: "string", mixed: 0, dominantGroup: 3, dominantType: "string", typicalGroups: [3] };
  const groups = [
    { type: k[CellKind.Float] > 0 ? "float" : "integer", n: k[CellKind.Integer] + k[CellKind.Float] },
    { type: k[CellKind.DateTime] > 0 ? "datetime" : "date", n: k[CellKind.Date] + k[CellKind.DateTime] },
    { type: "boolean", n: k[CellKind.Boolean] },
    { type: "string", n: k[CellKind.String] },
  ] as { type: InferredType; n: number }[];
  const dominantGroup = groups.reduce((best, g, i) => (g.n > groups[best].n ? i : best), 0);
  const dominant = groups[dominantGroup];
  let type: InferredType = dominant.n >= DOMINANT_SHARE * valued ? dominant.type : "string";
  // The values of the column's usual kind; the others are the mixed ones, named against the dominant type.
  let typicalGroups = [dominantGroup];
  if (dominant.type === "integer" && looksLikeCode(acc, fixedWidthIsCode)) {
    // Fixed-width digits are codes (zip, account): text codes beside them (ZIP+4) are the same kind.
    type = "string";
    typicalGroups = [0, 3];
  }
  const mixed = valued - typicalGroups.reduce((s, g) => s + groups[g].n, 0);
  return { type, mixed, dominantGroup, dominantType: typicalGroups.length > 1 ? "string" : dominant.type, typicalGroups };
}

function looksLikeCode(acc: ColumnAccumulator, fixedWidthIsCode: boolean): boolean {
  if (acc.leadingZeros > 0) return true;
  return (
    fixedWidthIsCode &&
    acc.plainDigitValues >= FIXED_WIDTH_MIN_VALUES &&
    acc.plainDigitValues === acc.kindCounts[CellKind.Integer] &&
    acc.digitWidthMin === acc.digitWidthMax &&
    acc.digitWidthMin >= FIXED_WIDTH_MIN_DIGITS
  );
}

/** score-risk's defaults: Presidio's header boost, the minimum score and the minimum share of a PII column. */
export const PII_HEADER_BOOST = 0.35;
export const PII_MIN_SCORE = 0.5;
const PII_SAMPLE_SHARE = 0.1;

/** Whether the column's values look like PII (a tenth of the sample or more), so shown values get masked. */
function samplePii(acc: ColumnAccumulator): string | null {
  if (acc.sample.length === 0) return null;
  const named = headerEntities(acc.name);
  const ctx = newColumnContext();
  const counts = new Map<string, number>();
  const candidates = new Map<string, number>();
  for (const v of acc.sample) {
    const m = detectPii(v, named, PII_HEADER_BOOST, ctx);
    if (m && m.score >= PII_MIN_SCORE) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
    else if (m && COLUMN_EVIDENCE_ENTITIES.has(m.entity)) candidates.set(m.entity, (candidates.get(m.entity) ?? 0) + 1);
  }
  for (const [entity, n] of counts) if (n >= PII_SAMPLE_SHARE * acc.sample.length) return entity;
  // A column where most values are phone numbers is a phone column, whatever its header says.
  for (const [entity, n] of candidates) if (n >= COLUMN_EVIDENCE_SHARE * acc.sample.length) return entity;
  return null;
}

function localeOf(acc: ColumnAccumulator, temporal: boolean, numeric: boolean): ColumnProfile["locale"] {
  const given = acc.locale;
  const decimalGiven = numeric && (given?.decimal ?? null) !== null;
  const orderGiven = temporal && (given?.date_order === "DMY" || given?.date_order === "MDY");
  const detected = !temporal
    ? null
    : acc.dayFirstDates > 0 && acc.dayFirstDates >= acc.monthFirstDates
      ? "day_first"
      : acc.monthFirstDates > 0
        ? "month_first"
        : null;
  const order = orderGiven ? (given?.date_order === "DMY" ? "day_first" : "month_first") : detected;
  if (acc.decimalCommaValues === 0 && order === null && !decimalGiven) return null;
  const by = given?.locale ? `as input.locale ${given.locale} says` : "as the input options say";
  const parts: string[] = [];
  if (decimalGiven) {
    parts.push(
      given?.decimal === ","
        ? `numbers read with a decimal comma ${by} (${acc.decimalCommaValues} written with one)`
        : `numbers read with a decimal point ${by}; a decimal comma is not read as one`,
    );
  } else if (acc.decimalCommaValues > 0)
    parts.push(`${acc.decimalCommaValues} numbers written with a decimal comma were read as such (1.008,33 € = 1008.33)`);
  if (orderGiven) parts.push(`dates read ${order === "day_first" ? "day" : "month"} first ${by}`);
  else if (order === "day_first")
    parts.push(`dates are day first (${acc.dayFirstDates} can only be read so: DD.MM.YYYY, or a day above 12)`);
  else if (order === "month_first")
    parts.push(`dates are month first (${acc.monthFirstDates} can only be read so: MM/DD/YYYY with a day above 12)`);
  return {
    decimal_comma_values: acc.decimalCommaValues,
    date_order: order,
    decimal_source: decimalGiven ? "given" : "detected",
    date_order_source: orderGiven ? "given" : "detected",
    assumption: parts.join("; "),
  };
}

export function profileColumn(acc: ColumnAccumulator, options: ProfileOptions): ColumnProfile {
  const { type, mixed, dominantType, typicalGroups } = inferType(acc);
  const numeric = type === "integer" || type === "float";
  const temporal = type === "date" || type === "datetime";
  const nonNull = acc.nonNull;
  const nulls = acc.missing + acc.textNulls;
  // The HyperLogLog estimate (past exact_distinct_limit) can overshoot; a column never has more distinct values than values.
  const distinct = Math.min(acc.values.distinct(), nonNull);
  const piiEntity = samplePii(acc);
  const named = headerEntities(acc.name);
  // Every value the report shows is masked when its column looks like PII, or when it is PII itself.
  const show = (v: string) => {
    if (piiEntity) return maskValue(v, piiEntity);
    const m = detectPii(v, named, PII_HEADER_BOOST);
    return m && m.score >= PII_MIN_SCORE ? maskValue(v, m.entity) : v;
  };
  const m = acc.moments;
  const q = numeric && acc.quantiles.count > 0 ? acc.quantiles : null;
  const quantiles = q
    ? { p5: q.quantile(0.05), p25: q.quantile(0.25), p50: q.quantile(0.5), p75: q.quantile(0.75), p95: q.quantile(0.95) }
    : null;
  let histogram: Histogram | null = null;
  if (q) {
    const { values, weights } = q.weighted();
    histogram = equalWidthHistogram(values, weights, options.histogramBins, m.min, m.max);
  }
  const decoder = new TextDecoder();
  let min: number | string | null = null;
  let max: number | string | null = null;
  if (numeric && m.n > 0) [min, max] = [m.min, m.max];
  else if (temporal && Number.isFinite(acc.dateMin)) [min, max] = [acc.dateMinText, acc.dateMaxText];
  else if (acc.textMin && acc.textMax) [min, max] = [show(decoder.decode(acc.textMin)), show(decoder.decode(acc.textMax))];
  const typeCounts = {
    integer: acc.kindCounts[CellKind.Integer],
    float: acc.kindCounts[CellKind.Float],
    boolean: acc.kindCounts[CellKind.Boolean],
    date: acc.kindCounts[CellKind.Date],
    datetime: acc.kindCounts[CellKind.DateTime],
    string: acc.kindCounts[CellKind.String],
  };
  const meanLength = nonNull > 0 ? acc.lengthSum / nonNull : 0;
  const semantic = semanticType({ header: acc.name, sample: acc.sample, inferredType: type, distinct, nonNull, meanLength });
  return {
    name: acc.name,
    inferred_type: type,
    semantic_type: semantic.type,
    semantic_confidence: semantic.confidence,
    count: acc.count,
    nulls,
    null_share: acc.count > 0 ? nulls / acc.count : 0,
    missing: acc.missing,
    text_nulls: acc.textNulls,
    empty_strings: acc.emptyStrings,
    distinct,
    distinct_exact: acc.values.exact,
    unique_ratio: nonNull > 0 ? distinct / nonNull : 0,
    singletons: acc.values.singletons(),
    min,
    max,
    mean: numeric ? finite(m.mean) : null,
    std: numeric ? finite(m.std) : null,
    sum: numeric ? m.sum : null,
    zeros: acc.zeros,
    negatives: acc.negatives,
    infinite: acc.infinite,
    skewness: numeric ? finite(m.skewness) : null,
    kurtosis: numeric ? finite(m.kurtosis) : null,
    quantiles,
    quantiles_exact: q ? q.exact : true,
    iqr: quantiles ? quantiles.p75 - quantiles.p25 : null,
    histogram,
    top_values: acc.values.top(options.topValues).map((t) => ({ value: show(t.value), count: t.count })),
    categories: acc.values.exact && distinct <= CATEGORY_LIMIT && !piiEntity ? acc.values.all() : null,
    length: nonNull > 0 ? { min: acc.lengthMin, mean: meanLength, max: acc.lengthMax } : null,
    patterns: acc.patterns.top(5),
    date_min: temporal ? acc.dateMinText : null,
    date_max: temporal ? acc.dateMaxText : null,
    whitespace: acc.whitespace,
    mixed_type_count: mixed,
    dominant_type: dominantType,
    mixed_examples: acc.kindRows
      .flatMap((rows, kind) => (typicalGroups.includes(KIND_GROUP[kind as CellKind]) ? [] : rows))
      .sort((a, b) => a.row - b.row)
      .slice(0, 20)
      .map((r) => ({ row: r.row, value: show(r.value) })),
    type_counts: typeCounts,
    locale: localeOf(acc, temporal, type === "integer" || type === "float"),
    values_masked: piiEntity !== null,
  };
}
