/**
 * XLSX reader on exceljs's streaming WorkbookReader: rows arrive as the zip is inflated, so
 * the workbook is never held. Reads the first sheet, or the one named in the input options.
 * The first row is the header; cell values are rendered as text (dates as ISO 8601).
 */
import { Readable } from "node:stream";
import type ExcelJS from "exceljs";
import type { DataBatch } from "../engine/types.js";
import { EngineError } from "../engine/types.js";
import { checkWidth, columnNames, type ReaderOptions } from "./reader-options.js";
import { Utf8BatchBuilder } from "./utf8-batch-builder.js";

export function renderCell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
  }
  if (typeof value === "object") {
    const cell = value as Record<string, unknown>;
    if (Array.isArray(cell.richText)) return cell.richText.map((part: { text?: string }) => part.text ?? "").join("");
    if ("result" in cell) return renderCell(cell.result);
    if ("formula" in cell || "sharedFormula" in cell) return null;
    if (typeof cell.text === "string") return cell.text;
    if (typeof cell.error === "string") return cell.error;
  }
  return String(value);
}

export async function* readXlsx(bytes: AsyncIterable<Uint8Array>, options: ReaderOptions & { sheet?: string }): AsyncGenerator<DataBatch> {
  // Loaded on first use: exceljs is large and most inputs are not workbooks.
  const { default: excel } = await import("exceljs");
  const workbook = new excel.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const worksheet of workbook) {
      const name = (worksheet as unknown as { name: string }).name;
      seen.push(name);
      if (found || (options.sheet !== undefined && name !== options.sheet)) {
        // Sheets after the chosen one (or before a named one) must still be drained for the zip to advance.
        for await (const _row of worksheet) options.signal?.throwIfAborted();
        continue;
      }
      found = true;
      yield* readSheet(worksheet as AsyncIterable<ExcelJS.Row>, options);
    }
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError("INPUT_UNREADABLE", `The XLSX file could not be read: ${(err as Error).message}`);
  }
  if (!found) {
    throw new EngineError(
      "INPUT_UNREADABLE",
      options.sheet === undefined
        ? "The workbook has no worksheet"
        : `The workbook has no sheet named ${JSON.stringify(options.sheet)} (sheets: ${seen.join(", ")})`,
    );
  }
}

async function* readSheet(rows: AsyncIterable<ExcelJS.Row>, options: ReaderOptions): AsyncGenerator<DataBatch> {
  let builder: Utf8BatchBuilder | null = null;
  let nextRow = 1;
  let firstRow = 1;
  for await (const row of rows) {
    options.signal?.throwIfAborted();
    const values = row.values as unknown[];
    if (!builder) {
      checkWidth(values.length - 1, options);
      const names: string[] = [];
      for (let c = 1; c < values.length; c++) names.push(renderCell(values[c]) ?? "");
      builder = new Utf8BatchBuilder(columnNames(names), options.batchRows, options.batchBytes);
      continue;
    }
    const width = builder.columns.length;
    for (let c = 0; c < width; c++) {
      const text = renderCell(values[c + 1]);
      if (text === null) builder.columns[c].pushNull();
      else builder.columns[c].pushString(text);
    }
    const cells = values.length - 1;
    if (cells > width && values.slice(width + 1).some((v) => v !== null && v !== undefined)) {
      options.onRaggedRow?.({ row: nextRow, byteOffset: -1, fields: cells, expected: width });
    }
    builder.rows++;
    nextRow++;
    if (builder.full) {
      yield builder.finish(firstRow);
      firstRow = nextRow;
    }
  }
  if (!builder) throw new EngineError("INPUT_UNREADABLE", "The worksheet is empty: there is no header row");
  if (builder.rows > 0) yield builder.finish(firstRow);
  else if (firstRow === 1) yield builder.finish(1);
}
