/** What every format reader is given, and the column-naming and width rules they share. */
import { EngineError } from "../engine/types.js";

/** Used when a caller gives no limit (config.MAX_COLUMNS in the service). */
export const DEFAULT_MAX_COLUMNS = 4_096;

export interface RaggedRow {
  row: number;
  byteOffset: number;
  fields: number;
  expected: number;
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
  /** A CSV/TSV row with a different field count than the header (padded with nulls or truncated). */
  onRaggedRow?(row: RaggedRow): void;
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
