/**
 * One thread's share of a PII scan split by rows: it is handed ranges of the spill file's
 * batches, one at a time, each with the columns to scan there, and yields a part per column
 * (column-scan.ts). The same code runs in the calling thread and in each worker.
 */
import type { ProfileMyDataParameters } from "@agensium/shared";
import { type ReadBuffer, SpilledDataset, type SpillSource } from "../../engine/dataset.js";
import { EngineError } from "../../engine/types.js";
import { type ColumnPart, ColumnScanner, partCellPath } from "./column-scan.js";

type ScoreRiskParams = ProfileMyDataParameters["score-risk"];

/** Batches [from, to) of the spill file, for these columns. */
export interface RangeTask {
  /** Unique within the scan (it names the range's cell files). */
  id: number;
  /** Which range of the scan's split this is, or (negative) a column scanned in one pass (see range-pool.ts). */
  range: number;
  from: number;
  to: number;
  columns: number[];
  /**
   * Scan with what the columns learnt from no earlier row (a whole column from its first row),
   * not with what this thread learnt from the ranges it scanned before.
   */
  fresh: boolean;
}

export interface RangeResult {
  id: number;
  rows: number;
  /** One per column of the task, in its order. */
  parts: ColumnPart[];
}

/** What a worker of the scan is started with. */
export interface RangeWorkerData {
  source: SpillSource;
  params: ScoreRiskParams;
  cellDir?: string;
}

export class RangeScanner {
  /**
   * Each column's scanner, kept from range to range: its verdict cache then fills once per
   * thread, not once per range (most of a column's cost is examining its first distinct values).
   */
  private readonly scanners = new Map<number, ColumnScanner>();
  /**
   * Every range is read into this one buffer: a buffer per range (a batch or two each) was
   * garbage that piled up faster than the collector freed it, ~3 MiB a range on each thread.
   */
  private readonly buffer: ReadBuffer = { bytes: new Uint8Array(0) };

  constructor(private readonly work: RangeWorkerData) {}

  async run(task: RangeTask, signal?: AbortSignal): Promise<RangeResult> {
    const { source, params, cellDir } = this.work;
    const scanners = task.columns.map((c) => {
      if (task.fresh) return new ColumnScanner(source.columns[c], params);
      let scanner = this.scanners.get(c);
      if (scanner === undefined) {
        scanner = new ColumnScanner(source.columns[c], params);
        this.scanners.set(c, scanner);
      }
      return scanner;
    });
    const parts = scanners.map((s, k) => s.open(cellDir === undefined ? null : partCellPath(cellDir, task.columns[k], task.id)));
    const range = SpilledDataset.fromSpillSource({ ...source, entries: source.entries.slice(task.from, task.to) });
    let rows = 0;
    // Nothing of a batch is kept past it (the caches copy what they keep), so each is read into the
    // buffer of the one before: a fresh buffer per batch was garbage of the range's size.
    for await (const { batch, firstRow } of range.transientBatches(signal, this.buffer)) {
      if (signal?.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
      for (let k = 0; k < scanners.length; k++) scanners[k].scan(parts[k], batch, task.columns[k], firstRow);
      rows += batch.numRows;
    }
    return { id: task.id, rows, parts: parts.map((part, k) => scanners[k].close(part)) };
  }
}
