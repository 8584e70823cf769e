/**
 * The PII scan on several threads, split by rows: the spill file's batches are cut into ranges
 * handed out on demand (a thread that finishes one takes the next), so every thread stays busy
 * to the end whatever each column costs. Every range scans every column; the parts of a column
 * are merged in row order, whichever thread scanned which range.
 *
 * A thread scans its ranges with what each column taught it on its earlier ranges, not on the
 * rows just before, which changes nothing unless a verdict depends on earlier values: only the
 * phone regions do. So a column whose scan looked up a phone number (phone columns, free text
 * with numbers in it) is left out of the ranges handed out from then on and scanned in order on
 * one thread: on from the first range by the thread that scanned it, or again whole when found later.
 */
import { availableParallelism } from "node:os";
import type { ProfileMyDataParameters } from "@agensium/shared";
import { PARALLEL_MIN_ROWS, workerScript } from "../../engine/column-threads.js";
import type { SpilledDataset } from "../../engine/dataset.js";
import { EngineError } from "../../engine/types.js";
import { SCAN_WORKER_LIMITS, startWorker } from "../../engine/worker-thread.js";
import type { ColumnPart } from "./column-scan.js";
import { type RangeResult, RangeScanner, type RangeTask, type RangeWorkerData } from "./range-scan.js";
import { type ColumnTally, mergeParts } from "./tally-merge.js";

type ScoreRiskParams = ProfileMyDataParameters["score-risk"];

/** RangeTask.range of a whole column scanned again, and of the rest of columns scanned on in order after the first range. */
const WHOLE_COLUMN = -1;
const REST_OF_COLUMNS = -2;

/** Ranges per thread when the caller does not size them: small enough that the last ones even out the threads. */
const RANGES_PER_THREAD = 16;

/**
 * Tasks a worker holds at once: the next one waits in its queue while it scans the current
 * one, since the calling thread hands out work only between two of its own batches.
 */
const WORKER_QUEUE = 2;

export interface RangePoolOptions {
  threads: number;
  /** Batches per range; by default the batches are cut into RANGES_PER_THREAD ranges per thread. */
  rangeBatches?: number;
  cellDir?: string;
  signal?: AbortSignal;
  progress?: (rows: number) => void;
}

/** Threads for a scan of `rows` rows: one per core from PARALLEL_MIN_ROWS rows on. */
export function rangeThreads(rows: number): number {
  return rows < PARALLEL_MIN_ROWS ? 1 : availableParallelism();
}

export async function scanByRanges(
  dataset: SpilledDataset,
  p: ScoreRiskParams,
  options: RangePoolOptions,
): Promise<{ rows: number; tallies: ColumnTally[] }> {
  const { signal, cellDir } = options;
  const source = dataset.spillSource();
  const batches = source.entries.length;
  const all = dataset.columns.map((_, c) => c);
  const size = options.rangeBatches ?? Math.max(1, Math.ceil(batches / (options.threads * RANGES_PER_THREAD)));
  const ranges: { from: number; to: number }[] = [];
  for (let from = 0; from < batches; from += size) ranges.push({ from, to: Math.min(batches, from + size) });

  const done: { columns: number[]; parts: ColumnPart[] }[] = new Array(ranges.length);
  /**
   * Columns whose verdicts may depend on earlier values, taken out of the ranges: their parts
   * from one pass in row order once scanned (null until then).
   */
  const inOrder = new Map<number, ColumnPart[] | null>();
  /** Whole columns to scan again (any thread), and the rest of the columns this thread scans on (its own). */
  const again: RangeTask[] = [];
  const ownAgain: RangeTask[] = [];
  let nextRange = 0;
  let nextId = 0;
  let rows = 0;

  const nextRangeTask = (): RangeTask | null => {
    if (nextRange >= ranges.length) return null;
    const range = nextRange++;
    const columns = all.filter((c) => !inOrder.has(c));
    return { id: nextId++, range, ...ranges[range], columns, fresh: false };
  };
  const take = (): RangeTask | null => again.shift() ?? nextRangeTask();
  const settle = (task: RangeTask, result: RangeResult) => {
    if (task.range === WHOLE_COLUMN) {
      inOrder.set(task.columns[0], result.parts);
      return;
    }
    if (task.range === REST_OF_COLUMNS) {
      task.columns.forEach((c, k) => {
        inOrder.set(c, [done[0].parts[done[0].columns.indexOf(c)], result.parts[k]]);
      });
      return;
    }
    done[task.range] = { columns: task.columns, parts: result.parts };
    const dependent = task.columns.filter((c, k) => result.parts[k].phoneLookups > 0 && !inOrder.has(c));
    for (const c of dependent) inOrder.set(c, null);
    // The first range is this thread's first task, scanned from the first row with what no
    // earlier row taught: its scanners then hold what one pass knows there, so this thread
    // goes on with those columns from the next row. A column found later is scanned again.
    if (task.range === 0 && dependent.length > 0) {
      ownAgain.push({ id: nextId++, range: REST_OF_COLUMNS, from: task.to, to: batches, columns: dependent, fresh: false });
    } else for (const c of dependent) again.push({ id: nextId++, range: WHOLE_COLUMN, from: 0, to: batches, columns: [c], fresh: true });
    rows += result.rows;
    options.progress?.(rows);
  };

  const work: RangeWorkerData = { source, params: p, cellDir };
  const local = new RangeScanner(work);
  // This thread takes the first range before any worker asks (see settle).
  const runLocal = async () => {
    for (let task = take(); task !== null; task = ownAgain.shift() ?? take()) settle(task, await local.run(task, signal));
  };
  const script = workerScript("pii-worker", import.meta.url);
  const workers = Array.from({ length: Math.max(0, options.threads - 1) }, () => startWorker(script, work, SCAN_WORKER_LIMITS));
  const runRemote = (worker: ReturnType<typeof startWorker>) =>
    new Promise<void>((resolve, reject) => {
      const held: RangeTask[] = [];
      const give = () => {
        while (held.length < WORKER_QUEUE) {
          const task = take();
          if (task === null) break;
          held.push(task);
          worker.postMessage(task);
        }
        if (held.length === 0) resolve();
      };
      worker.on("message", (result: RangeResult) => {
        settle(held.shift() as RangeTask, result);
        give();
      });
      worker.once("error", reject);
      worker.once("exit", (code) => {
        if (held.length > 0) reject(new Error(`A PII scan worker stopped (exit code ${code}) before its results`));
      });
      signal?.addEventListener("abort", () => reject(new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted")), {
        once: true,
      });
      give();
    });
  try {
    await Promise.all([runLocal(), ...workers.map(runRemote)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const tallies = all.map((c) => mergeParts(inOrder.get(c) ?? done.map((r) => r.parts[r.columns.indexOf(c)])));
  return { rows, tallies };
}
