/**
 * A large derived dataset written as CSV on every core. Its batches are claimed in order from
 * one shared counter by this thread and by workers (csv-worker.ts) reading the same spill files:
 * a worker writes each batch it claims as CSV bytes to a file of its own in the spill folder and
 * says where; this thread yields the batches in order, writing the ones it claims itself and
 * reading the others' bytes back, so the file is the single-thread file byte for byte.
 *
 * The workers can start before anyone reads the file (ThreadedCsv.start when cleanse-writeback
 * hands over cleaned.csv): they then write while the previewer and the reports run, and by the
 * time the file is uploaded most of it is bytes on local disk. They can start earlier still,
 * while the agent ahead writes the dataset (ThreadedCsv.follow, told each batch as it lands):
 * a worker then claims only batches already told. What they run ahead is on disk, not in memory,
 * so memory stays a few batches' worth however far ahead they get.
 */
import { type FileHandle, open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import type { Worker } from "node:worker_threads";
import { PARALLEL_MIN_ROWS, workerScript } from "../../engine/column-threads.js";
import type { Dataset } from "../../engine/types.js";
import { SCAN_WORKER_LIMITS, startWorker } from "../../engine/worker-thread.js";
import { CsvByteWriter } from "./csv-bytes.js";
import { CHUNK_BYTES, type DatasetCsvOptions, writeCsvRows } from "./csv-rows.js";
import { DerivedDataset, type DerivedSpill, type DerivedSpillSource, type SpillEntry } from "./derived-dataset.js";

/**
 * What a worker writes: the batches it claims from `claims` (an Int32 counter, the next batch to
 * claim), to `file`. With `follow`, `source.entries` starts empty and the batches are told as
 * they land (CsvFollowMessage).
 */
export interface CsvWorkerRequest {
  source: DerivedSpillSource;
  options: DatasetCsvOptions;
  claims: SharedArrayBuffer;
  file: string;
  follow: boolean;
}

/** A worker's message: where a batch it claimed lies in its file, or null once no batch is left to claim. */
export type CsvWorkerMessage = { batch: number; offset: number; length: number } | null;

/** Told to a following worker in order: each batch of the dataset once on disk, then its end. */
export type CsvFollowMessage = { entry: SpillEntry } | { end: true };

/** Threads for writing `dataset`: one per core for a large derived dataset, else this one. */
export function csvThreads(dataset: Dataset): number {
  if (!(dataset instanceof DerivedDataset) || dataset.rowCount < PARALLEL_MIN_ROWS) return 1;
  return Math.min(availableParallelism(), dataset.spill.batchCount);
}

interface Placement {
  file: string;
  offset: number;
  length: number;
}

let fileCounter = 0;

/** Batches this thread may hold written ahead of the one it yields (a few MB each). */
const HELD = 2;

export class ThreadedCsv {
  /** The whole dataset's spill: known from the start, or once the dataset followed is finished (complete()). */
  private spill: DerivedSpill | null = null;
  private readonly claims: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly placed = new Map<number, Placement>();
  private readonly waiting = new Map<number, { resolve: (p: Placement) => void; reject: (err: unknown) => void }>();
  private failure: unknown = null;
  private taken = false;
  /** Removes the abort listener start() added (the run's signal outlives the file). */
  private forgetSignal: () => void = () => undefined;

  private constructor(
    source: DerivedSpillSource,
    private readonly options: DatasetCsvOptions,
    threads: number,
    follow: boolean,
  ) {
    this.claims = new Int32Array(new SharedArrayBuffer(4));
    const script = workerScript("csv-worker", import.meta.url);
    const folder = dirname(source.spillPath);
    for (let w = 1; w < threads; w++) {
      const file = join(folder, `csv-${process.pid}-${++fileCounter}.part`);
      const request: CsvWorkerRequest = { source, options, claims: this.claims.buffer as SharedArrayBuffer, file, follow };
      const worker = startWorker(script, request, SCAN_WORKER_LIMITS);
      let finished = false;
      worker.on("message", (message: CsvWorkerMessage) => {
        if (message === null) {
          finished = true;
          return;
        }
        const placement = { file, offset: message.offset, length: message.length };
        const waiter = this.waiting.get(message.batch);
        this.waiting.delete(message.batch);
        if (waiter) waiter.resolve(placement);
        else this.placed.set(message.batch, placement);
      });
      worker.on("error", (err) => this.fail(err));
      worker.on("exit", (code) => {
        if (!finished) this.fail(new Error(`A CSV worker stopped (exit code ${code}) before its last batch`));
      });
      this.workers.push(worker);
    }
  }

  /** Starts `threads - 1` workers on the spill's batches now; chunks() yields the file. They stop when `signal` aborts. */
  static start(spill: DerivedSpill, threads: number, options: DatasetCsvOptions, signal?: AbortSignal): ThreadedCsv {
    signal?.throwIfAborted();
    const writing = new ThreadedCsv(spill.source, options, threads, false);
    writing.spill = spill;
    writing.stopOnAbort(signal);
    return writing;
  }

  /**
   * Starts `threads - 1` workers on a dataset still being written to `spillPath`: they write each
   * batch told() once it is on disk; end() says no more will come, complete() hands over the
   * finished dataset, whose batches must be exactly the ones told, before chunks() is read.
   */
  static follow(spillPath: string, columns: string[], threads: number, options: DatasetCsvOptions, signal: AbortSignal): ThreadedCsv {
    const writing = new ThreadedCsv({ columns, spillPath, entries: [] }, options, threads, true);
    writing.stopOnAbort(signal);
    return writing;
  }

  private stopOnAbort(signal?: AbortSignal): void {
    if (!signal) return;
    const onAbort = () => void this.stop();
    signal.addEventListener("abort", onAbort, { once: true });
    this.forgetSignal = () => signal.removeEventListener("abort", onAbort);
  }

  /** One more batch of the dataset followed is on disk. */
  told(entry: SpillEntry): void {
    for (const worker of this.workers) worker.postMessage({ entry } satisfies CsvFollowMessage);
  }

  /** The dataset followed has no more batches. */
  end(): void {
    for (const worker of this.workers) worker.postMessage({ end: true } satisfies CsvFollowMessage);
  }

  /** The finished dataset followed; false when a worker already failed (its file is then written afresh). */
  complete(spill: DerivedSpill): boolean {
    this.spill = spill;
    return this.failure === null;
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    for (const waiter of this.waiting.values()) waiter.reject(this.failure);
    this.waiting.clear();
  }

  /** Where batch e, claimed by a worker, lies once written. */
  private placement(e: number): Promise<Placement> {
    const known = this.placed.get(e);
    if (known) {
      this.placed.delete(e);
      return Promise.resolve(known);
    }
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.set(e, { resolve, reject }));
  }

  /** The rows of every batch as CSV, in batch order (once: a second call throws). */
  async *chunks(signal?: AbortSignal): AsyncIterable<Uint8Array> {
    if (this.taken) throw new Error("The CSV's chunks were already taken");
    const spill = this.spill;
    if (spill === null) throw new Error("The CSV's dataset is still being written");
    this.taken = true;
    const count = spill.batchCount;
    const reader = spill.reader();
    const out = new CsvByteWriter(CHUNK_BYTES);
    const handles = new Map<string, Promise<FileHandle>>();
    // Batches this thread claimed ahead of the one it yields, written while it waited for a worker's.
    const held = new Map<number, Uint8Array[]>();
    const write = async (e: number): Promise<Uint8Array[]> => {
      // Written to bytes (copies) before the next is read: the reader reuses its buffers.
      const chunks = [...writeCsvRows(out, await reader.read(e), spill.source.columns, this.options)];
      const rest = out.take();
      if (rest.length > 0) chunks.push(rest);
      return chunks;
    };
    try {
      for (let e = 0; e < count; e++) {
        signal?.throwIfAborted();
        const mine = held.get(e);
        if (mine) {
          held.delete(e);
          yield* mine;
          continue;
        }
        // This thread takes batch e when no worker has claimed it yet.
        if (Atomics.compareExchange(this.claims, 0, e, e + 1) === e) {
          yield* await write(e);
          continue;
        }
        // A worker has batch e. Until it is written, this thread writes the next unclaimed batch
        // rather than wait (at most HELD of them, in memory until their turn).
        while (!this.placed.has(e) && this.failure === null && held.size < HELD) {
          const next = Atomics.add(this.claims, 0, 1);
          if (next >= count) break;
          held.set(next, await write(next));
        }
        const { file, offset, length } = await this.placement(e);
        if (length === 0) continue;
        let handle = handles.get(file);
        if (!handle) {
          handle = open(file, "r");
          handles.set(file, handle);
        }
        // A fresh buffer per batch: the store may still hold the chunk when the next is read.
        const bytes = new Uint8Array(length);
        const { bytesRead } = await (await handle).read(bytes, 0, length, offset);
        if (bytesRead !== length) throw new Error(`A CSV worker's file ended at batch ${e}`);
        yield bytes;
      }
    } finally {
      await reader.close();
      await Promise.all([...handles.values()].map((h) => h.then((handle) => handle.close()).catch(() => undefined)));
      await this.stop();
    }
  }

  /** Stops the workers (those that finished have exited already). */
  stop(): Promise<unknown> {
    this.forgetSignal();
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}
