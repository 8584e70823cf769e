/** The reader for each input format: bytes in, DataBatches (Utf8 columns, fixed row count) out. */
import type { InputFormat } from "@agensium/shared";
import type { DataBatch } from "../engine/types.js";
import { readDelimited } from "./delimited.js";
import { readJsonArray, readNdjson } from "./json-records.js";
import { readParquet } from "./parquet.js";
import type { ReaderOptions } from "./reader-options.js";
import { readXlsx } from "./xlsx.js";

export type { RaggedRow, ReaderOptions, SheetSummary } from "./reader-options.js";

/** Reader settings a user may give in parameters.json under "input". */
export interface InputOptions {
  /** XLSX: the sheet to read instead of the first one. */
  sheet?: string;
  /** CSV: the delimiter instead of the sniffed one. */
  delimiter?: string;
  /** How numbers and dates are written (read by the profiler, not the readers: cells stay text). */
  locale?: string;
  decimal?: "." | ",";
  date_order?: "DMY" | "MDY" | "YMD";
}

export function readBatches(
  format: InputFormat,
  bytes: AsyncIterable<Uint8Array>,
  options: ReaderOptions & InputOptions,
): AsyncGenerator<DataBatch> {
  switch (format) {
    case "csv":
      return readDelimited(bytes, options);
    case "tsv":
      return readDelimited(bytes, { ...options, delimiter: options.delimiter ?? "\t" });
    case "json":
      return readJsonArray(bytes, options);
    case "ndjson":
      return readNdjson(bytes, options);
    case "xlsx":
      return readXlsx(bytes, options);
    case "parquet":
      return readParquet(bytes, options);
  }
}
