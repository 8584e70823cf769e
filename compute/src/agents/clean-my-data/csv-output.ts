/** Streams a dataset as CSV (RFC 4180, CRLF), in chunks of about a megabyte, so any size uploads. */

import type { Dataset } from "../../engine/types.js";
import { csvField } from "../../reports/row-issues-csv.js";
import { columnsOf, rowValues } from "./row-batch.js";

const CHUNK_CHARS = 1 << 20;
const encoder = new TextEncoder();

export async function* datasetCsv(dataset: Dataset, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  let text = `${dataset.columns.map(csvField).join(",")}\r\n`;
  for await (const { batch } of dataset.batches(signal)) {
    const columns = columnsOf(batch, dataset.columns.length);
    for (let i = 0; i < batch.numRows; i++) {
      text += `${rowValues(columns, i).map(csvField).join(",")}\r\n`;
      if (text.length >= CHUNK_CHARS) {
        yield encoder.encode(text);
        text = "";
      }
    }
  }
  if (text.length > 0) yield encoder.encode(text);
}
