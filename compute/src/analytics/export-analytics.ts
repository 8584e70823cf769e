/**
 * Writes a finished run's warehouse rows under the task's analytics prefix, one file per table
 * and format: analysis_metadata, analysis_reports and downloads, each as .ndjson and .parquet.
 * A table without rows (no report on a run that failed early) gets no file. analysis_metadata
 * goes last, so once it is there the other tables of the same attempt are complete. A retried
 * task overwrites the files; every row carries its attempt.
 */
import { type ObjectStore, singleChunk } from "../engine/object-store.js";
import { ndjsonOf, parquetOf } from "./encode.js";
import { analyticsRows, type FinishedRun } from "./rows.js";
import type { AnalyticsTable } from "./tables.js";

/** Written in this order: metadata last. */
const TABLE_ORDER: AnalyticsTable[] = ["downloads", "analysis_reports", "analysis_metadata"];

export const ANALYTICS_FORMATS = {
  parquet: { contentType: "application/vnd.apache.parquet", encode: parquetOf },
  ndjson: { contentType: "application/x-ndjson", encode: ndjsonOf },
} as const;

export function analyticsKey(prefix: string, table: AnalyticsTable, format: keyof typeof ANALYTICS_FORMATS): string {
  return `${prefix}${table}.${format}`;
}

export interface AnalyticsFile {
  table: AnalyticsTable;
  key: string;
  rows: number;
  size_bytes: number;
}

export async function exportAnalytics(store: ObjectStore, prefix: string, run: FinishedRun): Promise<AnalyticsFile[]> {
  const rows = analyticsRows(run);
  const written: AnalyticsFile[] = [];
  for (const table of TABLE_ORDER) {
    const tableRows = rows[table];
    if (tableRows.length === 0) continue;
    for (const [format, { contentType, encode }] of Object.entries(ANALYTICS_FORMATS)) {
      const key = analyticsKey(prefix, table, format as keyof typeof ANALYTICS_FORMATS);
      const bytes = (encode as (t: AnalyticsTable, r: unknown[]) => Uint8Array)(table, tableRows);
      const size = await store.write(key, singleChunk(bytes), contentType);
      written.push({ table, key, rows: tableRows.length, size_bytes: size });
    }
  }
  return written;
}
