/**
 * One worksheet of report.xlsx, streamed: a bold filled frozen header, set widths, number formats
 * per column (counts with thousands separators, shares as percents), severities coloured, and an
 * autofilter over the table once its last row is known. Cells never hold JSON: objects and arrays
 * arrive here already flattened (flatten.ts), and anything left is written as readable text.
 */
import type ExcelJS from "exceljs";
import { formatScalar } from "../html/format.js";

export type CellFormat = "count" | "number" | "percent" | "text";

export interface ColumnSpec {
  header: string;
  width: number;
  format?: CellFormat;
}

const SEVERITY_FILL: Record<string, string> = {
  critical: "FFC00000",
  high: "FFFF7C80",
  medium: "FFFFD966",
  low: "FFBDD7EE",
  info: "FFE7E6E6",
  good: "FFC6EFCE",
  warning: "FFFFEB9C",
  error: "FFFF7C80",
  success: "FFC6EFCE",
  skipped: "FFE7E6E6",
};
const HEADER_FILL = "FF1F4E78";
/** Excel refuses cells longer than this. */
const MAX_CELL = 32_000;

export const NUMBER_FORMATS: Record<Exclude<CellFormat, "text">, string> = {
  count: "#,##0",
  number: "#,##0.0###",
  percent: "0.0%",
};

type Cell = string | number | boolean | null;

function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean") return value;
  const text = typeof value === "string" ? value : formatScalar(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
}

/** Shares by name: null_share, pass_share, unique_ratio, drift_share … (always in [0, 1]). */
export function isShareKey(key: string): boolean {
  return /(share|ratio)$/i.test(key);
}

function columnLetter(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export class SheetWriter {
  private readonly sheet: ExcelJS.Worksheet;
  private rows = 1;

  constructor(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    name: string,
    private readonly columns: ColumnSpec[],
    private readonly colourColumn?: number,
  ) {
    this.sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    this.sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    const header = this.sheet.getRow(1);
    header.font = { bold: true, color: { argb: "FFFFFFFF" } };
    header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
    header.commit();
  }

  /** `formats` overrides the column's format for this row's cells (a value that is a share here). */
  add(values: unknown[], formats: Partial<Record<number, CellFormat>> = {}) {
    const row = this.sheet.addRow(values.map(cellValue));
    values.forEach((v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v)) return;
      const format = formats[i] ?? this.columns[i]?.format;
      const chosen = format && format !== "text" ? format : Number.isInteger(v) ? "count" : "number";
      row.getCell(i + 1).numFmt = NUMBER_FORMATS[chosen];
    });
    if (this.colourColumn !== undefined) {
      const fill = SEVERITY_FILL[String(values[this.colourColumn])];
      if (fill) row.getCell(this.colourColumn + 1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
    }
    row.commit();
    this.rows++;
  }

  /** Rows after the table (notes, a summary text) stay outside its autofilter. */
  commit(filterRows = this.rows) {
    if (filterRows > 1) this.sheet.autoFilter = `A1:${columnLetter(this.columns.length)}${filterRows}`;
    this.sheet.commit();
  }

  get rowCount(): number {
    return this.rows;
  }
}
