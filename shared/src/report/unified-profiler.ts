/** unified-profiler's `data`: the dataset and one profile per column. */
import { z } from "zod";
import { histogramSchema, inferredTypeSchema, valueCountSchema } from "./common.js";

export const semanticTypeSchema = z.enum([
  "email",
  "phone",
  "url",
  "uuid",
  "ip",
  "postcode",
  "currency_amount",
  "identifier",
  "categorical",
  "free_text",
  "numeric",
  "date",
  "boolean",
  "text",
]);

const columnProfileShape = {
  name: z.string(),
  inferred_type: inferredTypeSchema,
  semantic_type: semanticTypeSchema,
  semantic_confidence: z.number(),
  count: z.number().int(),
  nulls: z.number().int(),
  null_share: z.number(),
  missing: z.number().int(),
  text_nulls: z.number().int(),
  empty_strings: z.number().int(),
  distinct: z.number(),
  distinct_exact: z.boolean(),
  unique_ratio: z.number(),
  singletons: z.number().int().nullable(),
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  sum: z.number().nullable(),
  zeros: z.number().int(),
  negatives: z.number().int(),
  infinite: z.number().int(),
  skewness: z.number().nullable(),
  kurtosis: z.number().nullable(),
  quantiles: z.strictObject({ p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() }).nullable(),
  quantiles_exact: z.boolean(),
  iqr: z.number().nullable(),
  histogram: histogramSchema.nullable(),
  top_values: z.array(valueCountSchema),
  /** Every value with its count when the column has at most 50 distinct values (unmasked columns only). */
  categories: z.array(valueCountSchema).nullable(),
  length: z.strictObject({ min: z.number(), mean: z.number(), max: z.number() }).nullable(),
  patterns: z.array(z.strictObject({ pattern: z.string(), count: z.number().int() })),
  date_min: z.string().nullable(),
  date_max: z.string().nullable(),
  whitespace: z.number().int(),
  mixed_type_count: z.number().int(),
  /** The type most values have; the mixed values are the others. */
  dominant_type: inferredTypeSchema,
  /** The first rows holding a value outside the column's main type (values masked for PII columns). */
  mixed_examples: z.array(z.strictObject({ row: z.number().int(), value: z.string() })),
  type_counts: z.strictObject({
    integer: z.number().int(),
    float: z.number().int(),
    boolean: z.number().int(),
    date: z.number().int(),
    datetime: z.number().int(),
    string: z.number().int(),
  }),
  /** How a locale decided the reading: decimal commas, the day/month order of dates; null when nothing was assumed. */
  locale: z
    .strictObject({
      decimal_comma_values: z.number().int(),
      date_order: z.enum(["day_first", "month_first"]).nullable(),
      /** "given" when input.locale / input.decimal said how numbers are written, else "detected" from the values. */
      decimal_source: z.enum(["detected", "given"]),
      /** "given" when input.locale / input.date_order said how dates are written, else "detected". */
      date_order_source: z.enum(["detected", "given"]),
      assumption: z.string(),
    })
    .nullable(),
  /** Sample values looked like PII, so reported values (top values, min/max) are masked. */
  values_masked: z.boolean(),
};

export const columnProfileSchema = z.strictObject(columnProfileShape);

/** Profile fields that carry values of the column; report.json leaves them out for personal-data columns. */
export const VALUE_BEARING_PROFILE_FIELDS = [
  "min",
  "max",
  "top_values",
  "categories",
  "patterns",
  "histogram",
  "quantiles",
  "date_min",
  "date_max",
  "mixed_examples",
] as const;

/** A personal-data column as report.json shows it: counts only (governance-checker's withhold_pii_statistics). */
export const withheldColumnProfileSchema = columnProfileSchema
  .omit(
    Object.fromEntries(VALUE_BEARING_PROFILE_FIELDS.map((field) => [field, true])) as Record<
      (typeof VALUE_BEARING_PROFILE_FIELDS)[number],
      true
    >,
  )
  .extend({ statistics_withheld: z.literal(true) });

export const datasetProfileSchema = z.strictObject({
  rows: z.number().int(),
  columns: z.number().int(),
  duplicate_rows: z.number(),
  duplicate_rows_exact: z.boolean(),
  correlations: z.array(z.strictObject({ column_a: z.string(), column_b: z.string(), pearson: z.number(), n: z.number().int() })),
});

/** What the agent returns. */
export const profilerDataSchema = z.strictObject({ dataset: datasetProfileSchema, columns: z.array(columnProfileSchema) });

/** What report.json holds: personal-data columns may have their value statistics withheld. */
export const profilerReportDataSchema = z.strictObject({
  dataset: datasetProfileSchema,
  columns: z.array(z.union([columnProfileSchema, withheldColumnProfileSchema])),
});

export type ColumnProfile = z.infer<typeof columnProfileSchema>;
export type DatasetProfile = z.infer<typeof datasetProfileSchema>;
export type ProfilerData = z.infer<typeof profilerDataSchema>;
