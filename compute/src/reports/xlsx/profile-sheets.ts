/** The profiler's columns as three flat tables: one row per column, one row per top value, one row per histogram bin. */
import type ExcelJS from "exceljs";
import type { ProfiledColumn } from "../html/sections/columns.js";
import { type ColumnSpec, SheetWriter } from "./sheet-writer.js";

type Field = ColumnSpec & { value: (c: ProfiledColumn) => unknown };

const PROFILE_FIELDS: Field[] = [
  { header: "Column", width: 24, value: (c) => c.name },
  { header: "Type", width: 11, value: (c) => c.inferred_type },
  { header: "Semantic type", width: 16, value: (c) => c.semantic_type },
  { header: "Rows", width: 11, format: "count", value: (c) => c.count },
  { header: "Missing", width: 10, format: "count", value: (c) => c.nulls },
  { header: "Missing %", width: 10, format: "percent", value: (c) => c.null_share },
  { header: "Distinct", width: 10, format: "count", value: (c) => c.distinct },
  { header: "Distinct %", width: 10, format: "percent", value: (c) => c.unique_ratio },
  { header: "Min", width: 14, value: (c) => c.min },
  { header: "Max", width: 14, value: (c) => c.max },
  { header: "Mean", width: 12, format: "number", value: (c) => c.mean },
  { header: "Std", width: 12, format: "number", value: (c) => c.std },
  { header: "5th pct", width: 11, format: "number", value: (c) => c.quantiles?.p5 },
  { header: "25th pct", width: 11, format: "number", value: (c) => c.quantiles?.p25 },
  { header: "Median", width: 11, format: "number", value: (c) => c.quantiles?.p50 },
  { header: "75th pct", width: 11, format: "number", value: (c) => c.quantiles?.p75 },
  { header: "95th pct", width: 11, format: "number", value: (c) => c.quantiles?.p95 },
  { header: "Zeros", width: 9, format: "count", value: (c) => c.zeros },
  { header: "Negatives", width: 10, format: "count", value: (c) => c.negatives },
  { header: "Skewness", width: 10, format: "number", value: (c) => c.skewness },
  { header: "Min length", width: 10, format: "count", value: (c) => c.length?.min },
  { header: "Max length", width: 10, format: "count", value: (c) => c.length?.max },
  { header: "Padded", width: 9, format: "count", value: (c) => c.whitespace },
  { header: "Other type", width: 10, format: "count", value: (c) => c.mixed_type_count },
  { header: "Main shape", width: 18, value: (c) => c.patterns?.[0]?.pattern },
  { header: "Masked", width: 8, value: (c) => (c.values_masked ? "yes" : "no") },
  { header: "Withheld", width: 9, value: (c) => (c.statistics_withheld ? "yes" : "no") },
];

export function writeProfileSheets(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  names: (raw: string) => string,
  columns: ProfiledColumn[],
) {
  const profile = new SheetWriter(workbook, names("Profile"), PROFILE_FIELDS);
  for (const c of columns) profile.add(PROFILE_FIELDS.map((f) => f.value(c)));
  profile.commit();

  const top = new SheetWriter(workbook, names("Top values"), [
    { header: "Column", width: 24 },
    { header: "Value", width: 30 },
    { header: "Count", width: 11, format: "count" },
    { header: "Share of values", width: 14, format: "percent" },
  ]);
  for (const c of columns) {
    const present = c.count - c.nulls;
    for (const v of c.top_values ?? []) top.add([c.name, v.value, v.count, present > 0 ? v.count / present : null]);
  }
  top.commit();

  const histograms = new SheetWriter(workbook, names("Histograms"), [
    { header: "Column", width: 24 },
    { header: "From", width: 14, format: "number" },
    { header: "To", width: 14, format: "number" },
    { header: "Count", width: 11, format: "count" },
  ]);
  for (const c of columns) {
    const h = c.histogram;
    if (!h) continue;
    for (let i = 0; i < h.counts.length; i++) histograms.add([c.name, h.bin_edges[i], h.bin_edges[i + 1], h.counts[i]]);
  }
  histograms.commit();
}
