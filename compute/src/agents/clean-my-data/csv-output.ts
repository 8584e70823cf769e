/** Streams a dataset as CSV (RFC 4180, CRLF), in chunks of about a megabyte, so any size uploads. */

import type { Dataset } from "../../engine/types.js";
import { csvField } from "../../reports/row-issues-csv.js";
import { rowNumberOf } from "./derived-dataset.js";
import { columnsOf, rowValues } from "./row-batch.js";

const CHUNK_CHARS = 1 << 20;
const encoder = new TextEncoder();

/** A name for the source-row column that no input column already has (source_row, source_row_2, …). */
export function sourceRowColumn(columns: string[]): string {
  let name = "source_row";
  for (let k = 2; columns.includes(name); k++) name = `source_row_${k}`;
  return name;
}

/**
 * `sourceRow`: first write a column with each row's line in the input file (1 = the first data
 * row), so the output can be joined back to what was uploaded.
 */
export async function* datasetCsv(dataset: Dataset, signal?: AbortSignal, options: { sourceRow?: string } = {}): AsyncIterable<Uint8Array> {
  const header = options.sourceRow ? [options.sourceRow, ...dataset.columns] : dataset.columns;
  let text = `${header.map(csvField).join(",")}\r\n`;
  for await (const data of dataset.batches(signal)) {
    const { batch } = data;
    const columns = columnsOf(batch, dataset.columns.length);
    for (let i = 0; i < batch.numRows; i++) {
      const values = rowValues(columns, i).map(csvField).join(",");
      text += options.sourceRow ? `${rowNumberOf(data, i)},${values}\r\n` : `${values}\r\n`;
      if (text.length >= CHUNK_CHARS) {
        yield encoder.encode(text);
        text = "";
      }
    }
  }
  if (text.length > 0) yield encoder.encode(text);
}
