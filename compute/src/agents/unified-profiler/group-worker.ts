/**
 * The conversation between the profiler's scan and a worker thread holding a group of columns.
 * The worker reads the spill itself and sends, per batch, its columns' cell hashes and numbers
 * (transferred, not copied); the scan answers with the first batch's decisions and hands the
 * arrays back for reuse, which also paces the worker: it runs at most MAX_AHEAD batches ahead.
 */
import type { Worker } from "node:worker_threads";
import type { SpillSource } from "../../engine/dataset.js";
import { SCAN_WORKER_LIMITS, startWorker } from "../../engine/worker-thread.js";
import type { AccumulatorOptions } from "./column-accumulator.js";
import { ColumnAccumulator } from "./column-accumulator.js";
import type { GroupBatch, GroupSetup } from "./column-group.js";

/** Batches a worker may scan before the coordinator has used the earlier ones (bounds memory in flight). */
export const MAX_AHEAD = 2;
export interface GroupRequest {
  source: SpillSource;
  columns: number[];
  options: AccumulatorOptions;
}

export type FromWorker =
  | { kind: "batch"; batch: GroupBatch; numeric?: boolean[] }
  | { kind: "done"; rows: number; accumulators: ColumnAccumulator[] };

export type ToWorker = { kind: "setup"; setup: GroupSetup } | { kind: "recycle"; batch: GroupBatch };

/** The buffers of a batch's arrays, to transfer rather than copy. */
export function batchBuffers(batch: GroupBatch): ArrayBuffer[] {
  const buffers = batch.hashes.map((a) => a.buffer as ArrayBuffer);
  for (const a of batch.numbers) if (a) buffers.push(a.buffer as ArrayBuffer);
  return buffers;
}

/** The parent's side: messages from the worker in order, awaited one at a time. */
export class GroupWorker {
  private readonly worker: Worker;
  private readonly inbox: FromWorker[] = [];
  private waiting: { resolve: (m: FromWorker) => void; reject: (e: unknown) => void } | null = null;
  private failure: unknown = null;
  private finished = false;

  constructor(
    script: URL,
    readonly request: GroupRequest,
  ) {
    this.worker = startWorker(script, request, SCAN_WORKER_LIMITS);
    this.worker.on("message", (message: FromWorker) => {
      if (message.kind === "done") this.finished = true;
      if (this.waiting) {
        const { resolve } = this.waiting;
        this.waiting = null;
        resolve(message);
      } else this.inbox.push(message);
    });
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => {
      if (!this.finished) this.fail(new Error(`A profiler worker stopped (exit code ${code}) before its result`));
    });
  }

  private fail(err: unknown): void {
    if (this.failure !== null) return;
    this.failure = err;
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      reject(err);
    }
  }

  next(): Promise<FromWorker> {
    const message = this.inbox.shift();
    if (message) return Promise.resolve(message);
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  async nextBatch(): Promise<{ batch: GroupBatch; numeric?: boolean[] }> {
    const message = await this.next();
    if (message.kind !== "batch") throw new Error("A profiler worker ran out of batches before the scan did");
    return message;
  }

  async result(rows: number): Promise<ColumnAccumulator[]> {
    const message = await this.next();
    if (message.kind !== "done" || message.rows !== rows) {
      throw new Error("A profiler worker read a different number of rows than the scan");
    }
    return message.accumulators.map(ColumnAccumulator.revive);
  }

  configure(setup: GroupSetup): void {
    this.send({ kind: "setup", setup });
  }

  recycle(batch: GroupBatch): void {
    this.send({ kind: "recycle", batch }, batchBuffers(batch));
  }

  private send(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.failure === null) this.worker.postMessage(message, transfer);
  }

  terminate(): Promise<number> {
    this.finished = true;
    return this.worker.terminate();
  }
}
