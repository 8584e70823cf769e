/** Streams a dataset as CSV (RFC 4180, CRLF), in chunks of about a megabyte, so any size uploads. */

import { type Dataset, scanBatches } from "../../engine/types.js";
import { csvField } from "../../reports/csv-field.js";
import { CsvByteWriter } from "./csv-bytes.js";
import { CHUNK_BYTES, type DatasetCsvOptions, writeCsvRows } from "./csv-rows.js";
import { csvThreads, ThreadedCsv } from "./csv-threads.js";
import { DerivedDataset } from "./derived-dataset.js";

export type { DatasetCsvOptions } from "./csv-rows.js";

/** A name for the source-row column that no input column already has (source_row, source_row_2, …). */
export function sourceRowColumn(columns: string[]): string {
  let name = "source_row";
  for (let k = 2; columns.includes(name); k++) name = `source_row_${k}`;
  return name;
}

/** The CSV header line of `dataset` with `options`' added columns. */
function headerLine(dataset: Dataset, options: DatasetCsvOptions): string {
  const { originalsColumn, sourceRow } = options;
  const header = [...(sourceRow ? [sourceRow] : []), ...dataset.columns, ...(originalsColumn ? [originalsColumn] : [])];
  return `${header.map(csvField).join(",")}\r\n`;
}

/**
 * The dataset as CSV, header first. A large derived dataset is written on every core: its
 * batches are claimed in turn by this thread and workers (csv-threads.ts), each written to
 * bytes where it is read, and the pieces are yielded in batch order, the same bytes.
 */
export async function* datasetCsv(
  dataset: Dataset,
  signal?: AbortSignal,
  options: DatasetCsvOptions = {},
  threads = csvThreads(dataset),
): AsyncIterable<Uint8Array> {
  if (threads > 1 && dataset instanceof DerivedDataset) {
    yield* startedDatasetCsv(dataset, signal, options, threads)();
    return;
  }
  const out = new CsvByteWriter(CHUNK_BYTES);
  out.text(headerLine(dataset, options));
  // A batch is written to bytes (copies) before the next is read, so it may be read into a reused buffer.
  for await (const data of scanBatches(dataset, signal)) yield* writeCsvRows(out, data, dataset.columns, options);
  const rest = out.take();
  if (rest.length > 0) yield rest;
}

/**
 * datasetCsv's chunks, with the workers of a large derived dataset started now rather than when
 * the file is read: they write ahead to local disk while the rest of the run goes on. The chunks
 * can be taken once; the workers stop when they are taken to the end, when the reader stops
 * early, or when `signal` aborts.
 */
export function startedDatasetCsv(
  dataset: Dataset,
  signal?: AbortSignal,
  options: DatasetCsvOptions = {},
  threads = csvThreads(dataset),
): () => AsyncIterable<Uint8Array> {
  if (threads < 2 || !(dataset instanceof DerivedDataset)) return () => datasetCsv(dataset, signal, options, threads);
  return writtenCsv(dataset, ThreadedCsv.start(dataset.spill, threads, options, signal), options, signal);
}

/** The chunks of `dataset`'s CSV from `writing`, already under way with the same options: the header, then every batch in order. */
export function writtenCsv(
  dataset: Dataset,
  writing: ThreadedCsv,
  options: DatasetCsvOptions,
  signal?: AbortSignal,
): () => AsyncIterable<Uint8Array> {
  const header = new TextEncoder().encode(headerLine(dataset, options));
  return async function* () {
    yield header;
    yield* writing.chunks(signal);
  };
}
