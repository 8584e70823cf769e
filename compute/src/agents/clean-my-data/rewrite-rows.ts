/**
 * The pass every row-rewriting cleaning agent makes: each input batch becomes one output batch
 * built row by row and spilled with its provenance, so row numbers still point at the user's
 * file; the spill is removed when the pass fails.
 */

import type { SpillHandoff } from "../../engine/spill-handoff.js";
import { type DataBatch, type Dataset, scanBatches } from "../../engine/types.js";
import type { Utf8Cells } from "../../stats/utf8-column.js";
import { type DerivedDataset, DerivedDatasetWriter, rowNumberOf } from "./derived-dataset.js";
import { columnsOf, RowBatchBuilder } from "./row-batch.js";

export interface RewriteRowsOptions {
  /** Names the spill file. */
  name: string;
  source: Dataset;
  outColumns: string[];
  spillDir: string;
  signal: AbortSignal;
  /** Where the batches are told as they land, when the next agent follows this one's output (ctx.handoff). */
  handoff?: SpillHandoff;
  /**
   * Called with each batch's cells before its rows, for what is decided a column at a time: the
   * columns that keep every cell of the batch are passed whole (out.pass) and take no call per row.
   * true when every output column is passed and every row stays, in order: the batch's rows then
   * go into the output without a rewriteRow call each.
   */
  startBatch?(cells: Utf8Cells[], rows: number, out: RowBatchBuilder, data: DataBatch): boolean;
  /**
   * Writes row i to `out` (begin…end), or nothing to drop it. `row` is its number in the user's
   * file; a batch with columns passed whole begins each row with i as its source row.
   */
  rewriteRow(cells: Utf8Cells[], i: number, row: number, out: RowBatchBuilder): void;
  /** Called after each batch with the rows read so far in this pass. */
  progress(rowsDone: number): void;
}

export async function rewriteRows(options: RewriteRowsOptions): Promise<DerivedDataset> {
  const { source, outColumns } = options;
  const writer = await DerivedDatasetWriter.open(options.spillDir, options.name, outColumns, source, options.handoff);
  let rowsDone = 0;
  try {
    for await (const data of scanBatches(source, options.signal)) {
      const { batch } = data;
      const cells = columnsOf(batch, source.columns.length);
      const out = new RowBatchBuilder(outColumns, batch.numRows, { batch, cells });
      if (options.startBatch?.(cells, batch.numRows, out, data) === true) {
        if (!out.passesEveryColumn) throw new Error(`${options.name}: a batch kept whole has a column not passed`);
        for (let i = 0; i < batch.numRows; i++) {
          out.begin(rowNumberOf(data, i), i);
          out.end();
        }
      } else {
        for (let i = 0; i < batch.numRows; i++) options.rewriteRow(cells, i, rowNumberOf(data, i), out);
      }
      if (out.rows > 0) {
        const built = out.finish();
        await writer.write(built.batch, built.rows);
      }
      rowsDone += batch.numRows;
      options.progress(rowsDone);
    }
  } catch (err) {
    await writer.discard();
    throw err;
  }
  return writer.finish();
}
