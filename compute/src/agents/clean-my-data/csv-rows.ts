/** One batch's rows as CSV bytes, for this thread or a worker writing some of a file's batches (csv-threads.ts). */
import type { DataBatch } from "../../engine/types.js";
import { csvField, isFormulaLike } from "../../reports/csv-field.js";
import { cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { type CsvByteWriter, opensLikeFormula } from "./csv-bytes.js";
import { rowNumberOf } from "./derived-dataset.js";
import { columnsOf } from "./row-batch.js";

/** About how much of the file each chunk holds. */
export const CHUNK_BYTES = 1 << 20;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

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

/**
 * Writes the rows of one batch into `out`, yielding a chunk each time it fills (what is left
 * stays in `out` for the next batch or the caller).
 */
export function* writeCsvRows(out: CsvByteWriter, data: DataBatch, names: string[], options: DatasetCsvOptions): Generator<Uint8Array> {
  const { originalsColumn, sourceRow } = options;
  const { batch } = data;
  const width = names.length;
  const columns = columnsOf(batch, width);
  for (let i = 0; i < batch.numRows; i++) {
    if (sourceRow) {
      out.integer(rowNumberOf(data, i));
      out.byte(COMMA);
    }
    for (let c = 0; c < width; c++) {
      if (c > 0) out.byte(COMMA);
      const cells = columns[c];
      if (!isNullCell(cells, i)) out.field(cells.values, cells.offsets[i], cells.offsets[i + 1]);
    }
    if (originalsColumn) {
      out.byte(COMMA);
      const originals = originalsOf(names, columns, i);
      if (originals !== null) out.text(csvField(originals));
    }
    out.byte(CR);
    out.byte(LF);
    if (out.full) yield out.take();
  }
}

/** The cells of row i that a spreadsheet would take for a formula, verbatim, as a JSON object (null when none). */
function originalsOf(names: string[], columns: Utf8Cells[], i: number): string | null {
  const originals: Record<string, string> = {};
  let found = false;
  for (let c = 0; c < columns.length; c++) {
    const cells = columns[c];
    const start = cells.offsets[i];
    // Only a cell opening with a trigger byte can be formula-like: the rest are never decoded.
    if (isNullCell(cells, i) || start === cells.offsets[i + 1] || !opensLikeFormula(cells.values[start])) continue;
    const value = cellText(cells, i);
    if (!isFormulaLike(value)) continue;
    originals[names[c]] = value;
    found = true;
  }
  return found ? JSON.stringify(originals) : null;
}
