/**
 * XLSX reader on exceljs's streaming WorkbookReader: rows arrive as the zip is inflated, so
 * the workbook is never held. The file is copied to the run's temp folder and read twice: a
 * first pass measures every sheet (rows, columns, where its header is), the second reads the
 * chosen sheet. The chosen sheet is the one named in the input options, else the one holding
 * the largest table; when two sheets hold tables of comparable size the choice is the user's
 * (SHEET_REQUIRED). Title rows above the header (a merged title, a note) are skipped: the
 * header is the first row filled across more than half the sheet's width. Cell values are
 * rendered as text (dates as ISO 8601). A row with values past the header's width is left out
 * and reported as ragged, its cells as a JSON array.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type ExcelJS from "exceljs";
import type { DataBatch } from "../engine/types.js";
import { EngineError } from "../engine/types.js";
import { checkWidth, columnNames, type ReaderOptions, type SheetSummary } from "./reader-options.js";
import { Utf8BatchBuilder } from "./utf8-batch-builder.js";

/** Rows searched for the header below title rows. */
const HEADER_SEARCH_ROWS = 50;
/** A second table at least this share of the largest one's cells makes the choice unclear. */
const AMBIGUOUS_SHARE = 0.5;

const encoder = new TextEncoder();

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

type Sheet = AsyncIterable<ExcelJS.Row> & { name: string };

async function* sheetsOf(path: string): AsyncGenerator<Sheet> {
  // Loaded on first use: exceljs is large and most inputs are not workbooks.
  const { default: excel } = await import("exceljs");
  const workbook = new excel.stream.xlsx.WorkbookReader(createReadStream(path), {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  try {
    for await (const worksheet of workbook) yield worksheet as unknown as Sheet;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError("INPUT_UNREADABLE", `The XLSX file could not be read: ${(err as Error).message}`);
  }
}

/** Filled cells of a row and the last column holding one. */
function filled(values: unknown[]): { count: number; last: number } {
  let count = 0;
  let last = 0;
  for (let c = 1; c < values.length; c++) {
    const text = renderCell(values[c]);
    if (text !== null && text.trim() !== "") {
      count++;
      last = c;
    }
  }
  return { count, last };
}

/** First pass: one sheet's size and header row, and its table's size (data rows × header width). */
async function measure(sheet: Sheet, options: ReaderOptions): Promise<SheetSummary & { cells: number }> {
  const early: { number: number; count: number; last: number }[] = [];
  let widest = 0;
  let columns = 0;
  let rows = 0;
  const rowNumbers: number[] = [];
  for await (const row of sheet) {
    options.signal?.throwIfAborted();
    const { count, last } = filled(row.values as unknown[]);
    if (count === 0) continue;
    rows++;
    widest = Math.max(widest, count);
    columns = Math.max(columns, last);
    if (early.length < HEADER_SEARCH_ROWS) early.push({ number: row.number, count, last });
    if (rowNumbers.length < HEADER_SEARCH_ROWS) rowNumbers.push(row.number);
  }
  const header = early.find((r) => r.count > widest / 2) ?? early[0];
  if (!header) return { name: sheet.name, rows: 0, columns: 0, header_row: 1, cells: 0 };
  const above = early.filter((r) => r.number < header.number).length;
  const dataRows = rows - above - 1;
  return { name: sheet.name, rows, columns, header_row: header.number, cells: dataRows * header.last };
}

/** The sheet to read, and why, from every sheet's measure. */
function choose(sheets: (SheetSummary & { cells: number })[], named: string | undefined): { sheet: SheetSummary; why: string } {
  const names = sheets.map((s) => JSON.stringify(s.name)).join(", ");
  if (named !== undefined) {
    const sheet = sheets.find((s) => s.name === named);
    if (!sheet) throw new EngineError("SHEET_NOT_FOUND", `The workbook has no sheet named ${JSON.stringify(named)} (sheets: ${names})`);
    return { sheet, why: "named by input.sheet" };
  }
  if (sheets.length === 0) throw new EngineError("INPUT_UNREADABLE", "The workbook has no worksheet");
  if (sheets.length === 1) return { sheet: sheets[0], why: "the only sheet" };
  const ranked = [...sheets].sort((a, b) => b.cells - a.cells);
  const [best, second] = ranked;
  if (best.cells === 0) throw new EngineError("INPUT_UNREADABLE", `No sheet of the workbook holds a table (sheets: ${names})`);
  if (second.cells >= AMBIGUOUS_SHARE * best.cells) {
    throw new EngineError(
      "SHEET_REQUIRED",
      `The workbook holds tables of comparable size on sheets ${JSON.stringify(best.name)} and ${JSON.stringify(second.name)}; name the one to read in the task parameters as input.sheet (sheets: ${names})`,
    );
  }
  return { sheet: best, why: `the largest table (${best.cells} data cells; next is ${JSON.stringify(second.name)} with ${second.cells})` };
}

export async function* readXlsx(bytes: AsyncIterable<Uint8Array>, options: ReaderOptions & { sheet?: string }): AsyncGenerator<DataBatch> {
  const path = join(options.tempDir, `input-${Date.now()}-${Math.random().toString(36).slice(2)}.xlsx`);
  await pipeline(Readable.from(bytes), createWriteStream(path));
  try {
    const measured: (SheetSummary & { cells: number })[] = [];
    for await (const sheet of sheetsOf(path)) measured.push(await measure(sheet, options));
    const { sheet, why } = choose(measured, options.sheet);
    const sheets = measured.map(({ cells: _cells, ...summary }) => summary);
    options.onWorkbook?.({ sheets, sheet: sheet.name });
    const skipped = sheet.header_row > 1 ? `; rows 1–${sheet.header_row - 1} above its header were skipped as a title` : "";
    if (sheets.length > 1 || skipped) {
      options.onNote?.({
        id: "input-sheet",
        severity: "info",
        category: "structure",
        message: `Read sheet ${JSON.stringify(sheet.name)} of ${sheets.length} (${sheets.map((s) => `${s.name}: ${s.rows} rows × ${s.columns} columns`).join("; ")}), ${why}${skipped}`,
      });
    }
    for await (const worksheet of sheetsOf(path)) {
      if (worksheet.name !== sheet.name) {
        // The other sheets must still be drained for the zip to advance.
        for await (const _row of worksheet) options.signal?.throwIfAborted();
        continue;
      }
      yield* readSheet(worksheet, options, sheet.header_row);
    }
  } finally {
    await rm(path, { force: true });
  }
}

async function* readSheet(rows: AsyncIterable<ExcelJS.Row>, options: ReaderOptions, headerRow: number): AsyncGenerator<DataBatch> {
  let builder: Utf8BatchBuilder | null = null;
  let nextRow = 1;
  let firstRow = 1;
  let lines: number[] = [];
  const finish = (): DataBatch => {
    const batch = (builder as Utf8BatchBuilder).finish(firstRow);
    const consecutive = lines.every((line, i) => line === lines[0] + i);
    const out: DataBatch =
      lines.length === 0 ? batch : { ...batch, firstLine: lines[0], ...(consecutive ? {} : { lines: Int32Array.from(lines) }) };
    firstRow = nextRow;
    lines = [];
    return out;
  };
  for await (const row of rows) {
    options.signal?.throwIfAborted();
    if (row.number < headerRow) continue;
    const values = row.values as unknown[];
    if (!builder) {
      checkWidth(values.length - 1, options);
      const names: string[] = [];
      for (let c = 1; c < values.length; c++) names.push(renderCell(values[c]) ?? "");
      builder = new Utf8BatchBuilder(columnNames(names), options.batchRows, options.batchBytes);
      continue;
    }
    const width = builder.columns.length;
    const cells = values.length - 1;
    if (cells > width && values.slice(width + 1).some((v) => renderCell(v) !== null)) {
      const raw = encoder.encode(JSON.stringify(values.slice(1).map((v) => renderCell(v))));
      options.onRaggedRow?.({ row: nextRow, line: row.number, byteOffset: -1, fields: filled(values).last, expected: width, raw });
      nextRow++;
      if (builder.rows > 0) yield finish();
      else firstRow = nextRow;
      continue;
    }
    for (let c = 0; c < width; c++) {
      const text = renderCell(values[c + 1]);
      if (text === null) builder.columns[c].pushNull();
      else builder.columns[c].pushString(text);
    }
    lines.push(row.number);
    builder.rows++;
    nextRow++;
    if (builder.full) yield finish();
  }
  if (!builder) throw new EngineError("INPUT_UNREADABLE", "The worksheet is empty: there is no header row");
  if (builder.rows > 0 || firstRow === 1) yield finish();
}
