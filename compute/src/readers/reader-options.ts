/** What every format reader is given, and the column-naming and width rules they share. */
import type { Alert } from "@agensium/shared";
import { EngineError } from "../engine/types.js";

/** Used when a caller gives no limit (config.MAX_COLUMNS in the service). */
export const DEFAULT_MAX_COLUMNS = 4_096;

/**
 * A record whose field count differs from the header's. Readers leave it out of the batches (its
 * fields cannot be matched to columns without guessing) and hand it here with its text as written.
 */
export interface RaggedRow {
  /** The data row number it would have had (1-based, header excluded); the next record gets the one after. */
  row: number;
  /** 1-based physical line of the file where the record starts (XLSX: the sheet's row number). */
  line: number;
  /** Byte offset of the record in the file; -1 where the format has none (XLSX). */
  byteOffset: number;
  fields: number;
  expected: number;
  /**
   * The record verbatim: CSV/TSV its bytes up to the line end (embedded newlines of quoted fields
   * included), XLSX its cells as a JSON array. A view valid only during the call: copy what you keep.
   */
  raw: Uint8Array;
}

/** One sheet of a workbook: its size and where its table's header is. */
export interface SheetSummary {
  name: string;
  /** Rows with at least one value, header included. */
  rows: number;
  /** The widest row's last column with a value. */
  columns: number;
  /** The sheet row (1-based) taken as the header: title rows above the table are skipped. */
  header_row: number;
}

export interface ReaderOptions {
  /** Rows per batch (config.BATCH_ROWS). */
  batchRows: number;
  /** Bytes per batch (config.BATCH_BYTES); a batch is cut at whichever limit comes first. */
  batchBytes?: number;
  /** More columns than this is refused with INPUT_TOO_WIDE (config.MAX_COLUMNS). */
  maxColumns?: number;
  signal?: AbortSignal;
  /** A private folder for readers that need random access (Parquet keeps a local copy there). */
  tempDir: string;
  /** A CSV/TSV record with a different field count than the header, or an XLSX row with cells past it; not in the batches. */
  onRaggedRow?(row: RaggedRow): void;
  /** A finding about the input as a whole, for the report (e.g. which sheet was read and why). */
  onNote?(alert: Alert): void;
  /** XLSX: the workbook's sheets and the one read. */
  onWorkbook?(info: { sheets: SheetSummary[]; sheet: string }): void;
}

/** Blank header cells become column_N and repeated names get a _2, _3 suffix, so every column is addressable. */
export function columnNames(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name, index) => {
    const base = name.trim() === "" ? `column_${index + 1}` : name.trim();
    const times = (seen.get(base) ?? 0) + 1;
    seen.set(base, times);
    return times === 1 ? base : `${base}_${times}`;
  });
}

/**
 * Refuses an input wider than the limit, before a reader allocates anything per column.
 * `exact` is false when `columns` is only how far a tokenizer counted before stopping.
 */
export function checkWidth(columns: number, options: Pick<ReaderOptions, "maxColumns">, what = "The header row", exact = true): void {
  const limit = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
  if (columns <= limit) return;
  throw new EngineError(
    "INPUT_TOO_WIDE",
    `${what} has ${exact ? columns : `more than ${limit}`} columns; the limit is ${limit} (MAX_COLUMNS). Split the file into narrower ones`,
  );
}
