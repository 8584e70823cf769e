/** Streams a dataset as CSV (RFC 4180, CRLF), in chunks of about a megabyte, so any size uploads. */

import type { Dataset } from "../../engine/types.js";
import { csvField, isFormulaLike } from "../../reports/csv-field.js";
import { rowNumberOf } from "./derived-dataset.js";
import { columnsOf, rowValues } from "./row-batch.js";

const CHUNK_CHARS = 1 << 20;
const encoder = new TextEncoder();

export interface DatasetCsvOptions {
  /**
   * First write a column of this name with each row's line in the input file (1 = the first data
   * row), so the output can be joined back to what was uploaded.
   */
  sourceRow?: string;
  /**
   * Adds a last column of this name holding, as a JSON object, the verbatim text of every cell
   * of the row that the CSV had to neutralise as a formula (empty when none), so a file meant
   * for repair at the source (quarantine.csv) loses nothing to the `'` prefix.
   */
  originalsColumn?: string;
}

/** A name for the source-row column that no input column already has (source_row, source_row_2, …). */
export function sourceRowColumn(columns: string[]): string {
  let name = "source_row";
  for (let k = 2; columns.includes(name); k++) name = `source_row_${k}`;
  return name;
}

export async function* datasetCsv(dataset: Dataset, signal?: AbortSignal, options: DatasetCsvOptions = {}): AsyncIterable<Uint8Array> {
  const { originalsColumn, sourceRow } = options;
  const header = [...(sourceRow ? [sourceRow] : []), ...dataset.columns, ...(originalsColumn ? [originalsColumn] : [])];
  let text = `${header.map(csvField).join(",")}\r\n`;
  for await (const data of dataset.batches(signal)) {
    const { batch } = data;
    const columns = columnsOf(batch, dataset.columns.length);
    for (let i = 0; i < batch.numRows; i++) {
      const values = rowValues(columns, i);
      const fields = values.map(csvField);
      if (sourceRow) fields.unshift(String(rowNumberOf(data, i)));
      if (originalsColumn) fields.push(csvField(originalsOf(dataset.columns, values)));
      text += `${fields.join(",")}\r\n`;
      if (text.length >= CHUNK_CHARS) {
        yield encoder.encode(text);
        text = "";
      }
    }
  }
  if (text.length > 0) yield encoder.encode(text);
}

function originalsOf(columns: string[], values: (string | null)[]): string | null {
  const originals: Record<string, string> = {};
  let found = false;
  values.forEach((value, c) => {
    if (value === null || !isFormulaLike(value)) return;
    originals[columns[c]] = value;
    found = true;
  });
  return found ? JSON.stringify(originals) : null;
}
