/**
 * A large derived dataset written as CSV on every core. Its batches are dealt out in turn: batch
 * e goes to thread e % threads, this one (0) or a worker (csv-worker.ts) that reads the same
 * spill files. Each thread turns its batches into bytes where it reads them, and this thread
 * yields every batch's bytes in batch order, so the file is the single-thread file byte for byte.
 * A worker runs at most AHEAD batches in front of what has been yielded, so memory stays a few
 * batches' worth however fast the store takes the chunks.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { PARALLEL_MIN_ROWS, workerScript } from "../../engine/column-threads.js";
import type { Dataset } from "../../engine/types.js";
import { SCAN_WORKER_LIMITS, startWorker } from "../../engine/worker-thread.js";
import { CsvByteWriter } from "./csv-bytes.js";
import { CHUNK_BYTES, type DatasetCsvOptions, writeCsvRows } from "./csv-rows.js";
import { DerivedDataset, type DerivedSpill, type DerivedSpillSource } from "./derived-dataset.js";

/** Batches a worker may have written that this thread has not yet yielded. */
const AHEAD = 2;

/** What a worker writes: the batches at `batches` of the spill. */
export interface CsvWorkerRequest {
  source: DerivedSpillSource;
  batches: number[];
  options: DatasetCsvOptions;
  ahead: number;
}

/** A worker's message: the chunks of its next batch, or null once it has written them all. */
export type CsvWorkerMessage = Uint8Array[] | null;

/** Threads for writing `dataset`: one per core for a large derived dataset, else this one. */
export function csvThreads(dataset: Dataset): number {
  if (!(dataset instanceof DerivedDataset) || dataset.rowCount < PARALLEL_MIN_ROWS) return 1;
  return Math.min(availableParallelism(), dataset.spill.batchCount);
}

/** The batch indices thread `thread` of `threads` writes. */
function dealt(batchCount: number, thread: number, threads: number): number[] {
  const mine: number[] = [];
  for (let e = thread; e < batchCount; e += threads) mine.push(e);
  return mine;
}

/** A worker's batches as they arrive, one at a time, in its order. */
class CsvWorker {
  private readonly worker: Worker;
  private readonly arrived: CsvWorkerMessage[] = [];
  private waiting: { resolve: (m: CsvWorkerMessage) => void; reject: (e: unknown) => void } | null = null;
  private failure: unknown = null;
  private finished = false;

  constructor(script: URL, request: CsvWorkerRequest) {
    this.worker = startWorker(script, request, SCAN_WORKER_LIMITS);
    this.worker.on("message", (message: CsvWorkerMessage) => {
      if (message === null) this.finished = true;
      if (this.waiting) {
        this.waiting.resolve(message);
        this.waiting = null;
      } else this.arrived.push(message);
    });
    const fail = (err: unknown) => {
      this.failure ??= err;
      this.waiting?.reject(this.failure);
      this.waiting = null;
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => {
      if (!this.finished) fail(new Error(`A CSV worker stopped (exit code ${code}) before its last batch`));
    });
  }

  /** The chunks of the worker's next batch; null after its last. Lets the worker write one more. */
  next(): Promise<CsvWorkerMessage> {
    const ready = this.arrived.shift();
    const message =
      ready !== undefined
        ? Promise.resolve(ready)
        : this.failure !== null
          ? Promise.reject(this.failure)
          : new Promise<CsvWorkerMessage>((resolve, reject) => {
              this.waiting = { resolve, reject };
            });
    return message.then((m) => {
      if (m !== null) this.worker.postMessage(1);
      return m;
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

/** The rows of every batch of `spill` as CSV, in batch order, written by `threads` threads. */
export async function* threadedCsv(
  spill: DerivedSpill,
  threads: number,
  options: DatasetCsvOptions,
  signal?: AbortSignal,
): AsyncIterable<Uint8Array> {
  const count = spill.batchCount;
  const script = workerScript("csv-worker", import.meta.url);
  const workers = Array.from(
    { length: threads - 1 },
    (_, w) => new CsvWorker(script, { source: spill.source, batches: dealt(count, w + 1, threads), options, ahead: AHEAD }),
  );
  // Each batch is written to bytes (copies) before the next is asked for: read into reused buffers.
  const own = spill.batches(signal, dealt(count, 0, threads), true)[Symbol.asyncIterator]();
  const out = new CsvByteWriter(CHUNK_BYTES);
  try {
    for (let e = 0; e < count; e++) {
      signal?.throwIfAborted();
      const thread = e % threads;
      if (thread > 0) {
        const chunks = await workers[thread - 1].next();
        if (chunks === null) throw new Error(`A CSV worker ended before batch ${e}`);
        yield* chunks;
        continue;
      }
      const next = await own.next();
      if (next.done) throw new Error(`The spill ended before batch ${e}`);
      yield* writeCsvRows(out, next.value, spill.source.columns, options);
      const rest = out.take();
      if (rest.length > 0) yield rest;
    }
  } finally {
    await own.return?.();
    await Promise.all(workers.map((w) => w.stop()));
  }
}
