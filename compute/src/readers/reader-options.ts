/** What every format reader is given, and the column-naming rule they share. */

export interface RaggedRow {
  row: number;
  byteOffset: number;
  fields: number;
  expected: number;
}

export interface ReaderOptions {
  /** Rows per batch (config.BATCH_ROWS). */
  batchRows: number;
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
