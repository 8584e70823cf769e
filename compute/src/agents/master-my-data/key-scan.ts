/**
 * key-identifier's first pass: per column, how often each distinct value occurs (by the hash of
 * its bytes), its blank cells, and whether any value has a space or non-ASCII byte at either end.
 * A column's result depends only on its own cells in row order, so on a large spilled input the
 * columns are split between this thread and a worker that reads the same spill; its tables come
 * back whole (their arrays transferred), the same counts, sooner.
 */
import { balanceColumns, columnCosts, defaultThreads, workerScript } from "../../engine/column-threads.js";
import { SpilledDataset, type SpillSource } from "../../engine/dataset.js";
import type { Dataset } from "../../engine/types.js";
import { runWorkerOnce, SCAN_WORKER_LIMITS } from "../../engine/worker-thread.js";
import { HashCountTable } from "../../stats/hash-table.js";
import { cellHash, isBlankCell, rowBatches } from "./rows.js";

/** A cell's fixed cost in this pass, in bytes' worth of work (a hash-table probe). */
const CELL_COST = 24;

export interface KeyColumnScan {
  rows: number;
  /** Per column of the dataset: the count of each distinct non-blank value's hash. */
  distinct: HashCountTable[];
  blanks: Float64Array;
  /** 1 when some value of the column may differ from its trimmed form. */
  untrimmed: Uint8Array;
}

/** What a worker scans: its columns of the spill. */
export interface KeyScanRequest {
  source: SpillSource;
  columns: number[];
}

/** The scan of some columns: tables, blanks and flags listed in the order of `columns`. */
export interface ColumnsScan {
  rows: number;
  distinct: HashCountTable[];
  blanks: number[];
  untrimmed: number[];
}

export async function scanColumns(
  dataset: Dataset,
  columns: number[],
  signal?: AbortSignal,
  progress?: (rows: number) => void,
): Promise<ColumnsScan> {
  const distinct = columns.map(() => new HashCountTable(1024));
  const blanks = columns.map(() => 0);
  const untrimmed = columns.map(() => 0);
  let rows = 0;
  for await (const batch of rowBatches(dataset, signal)) {
    for (let k = 0; k < columns.length; k++) {
      const cells = batch.cells[columns[k]];
      const table = distinct[k];
      const v = cells.values;
      for (let i = 0; i < batch.rows; i++) {
        if (isBlankCell(cells, i)) {
          blanks[k]++;
          continue;
        }
        table.increment(cellHash(cells, i));
        // A space or non-ASCII byte at either end may make the trimmed value another (semantic-mapper counts trimmed values).
        const first = v[cells.offsets[i]];
        const last = v[cells.offsets[i + 1] - 1];
        if (first <= 0x20 || first >= 0x80 || last <= 0x20 || last >= 0x80) untrimmed[k] = 1;
      }
    }
    rows += batch.rows;
    progress?.(rows);
  }
  return { rows, distinct, blanks, untrimmed };
}

/** Every column's scan; `threads` (this one and workers) defaults to one per core on a large spilled input. */
export async function scanKeyColumns(
  dataset: Dataset,
  signal?: AbortSignal,
  progress?: (rows: number) => void,
  threads?: number,
): Promise<KeyColumnScan> {
  const width = dataset.columns.length;
  const all = dataset.columns.map((_, c) => c);
  const spilled = dataset instanceof SpilledDataset ? dataset : null;
  const wanted = threads ?? (spilled ? defaultThreads(spilled.rowCount, width) : 1);
  const groups = spilled && wanted > 1 && width > 1 ? balanceColumns(await columnCosts(spilled, CELL_COST, signal), wanted) : [all];
  // Stops the workers when this thread's part fails, as well as on cancel.
  const stop = new AbortController();
  const stopped = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const script = workerScript("key-scan-worker", import.meta.url);
  const workers = groups.slice(1).map((columns) => {
    const request: KeyScanRequest = { source: (spilled as SpilledDataset).spillSource(), columns };
    const result = runWorkerOnce<ColumnsScan>(script, request, stopped, SCAN_WORKER_LIMITS);
    // Awaited below; one that fails while this thread still scans must not go unobserved.
    result.catch(() => undefined);
    return result;
  });
  try {
    const parts = [await scanColumns(dataset, groups[0], signal, progress), ...(await Promise.all(workers))];
    const out: KeyColumnScan = {
      rows: parts[0].rows,
      distinct: new Array(width),
      blanks: new Float64Array(width),
      untrimmed: new Uint8Array(width),
    };
    parts.forEach((part, g) => {
      groups[g].forEach((c, k) => {
        out.distinct[c] = g === 0 ? part.distinct[k] : HashCountTable.revive(part.distinct[k]);
        out.blanks[c] = part.blanks[k];
        out.untrimmed[c] = part.untrimmed[k];
      });
    });
    return out;
  } finally {
    stop.abort();
  }
}
