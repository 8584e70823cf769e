/**
 * A first pass run on a worker that follows the dataset the agent ahead (or the reader) writes (spill-handoff.ts):
 * the worker is started with the agent ahead, so that loading its modules (a few hundred
 * milliseconds) falls while that agent reads its input, not once its output is being written;
 * it is told the dataset when it is opened, each batch once it is on disk, and sends
 * one result, at the end of the dataset or earlier when its pass needs no more rows. The result
 * counts only for the very dataset followed (spill-following-worker.ts is the worker's side).
 */
import type { Worker } from "node:worker_threads";
import { workerScript } from "../../engine/column-threads.js";
import { SpilledDataset } from "../../engine/dataset.js";
import type { HandedEntry, HandoffEvent, SpillHandoff, SpillKind } from "../../engine/spill-handoff.js";
import type { Dataset, Following } from "../../engine/types.js";
import { SCAN_WORKER_LIMITS, startWorker } from "../../engine/worker-thread.js";
import { DerivedDataset } from "./derived-dataset.js";

/** What every following worker is started with, beside its own pass's setup. */
export interface FollowingRequest<S> {
  spill: SpillKind;
  spillPath: string;
  columns: string[];
  setup: S;
}

/** Told to the worker in order: the dataset once opened, each batch as it lands, then the end of the dataset. */
export type FollowingMessage<S = unknown> = { request: FollowingRequest<S> } | { entry: HandedEntry } | { end: true };

/** A pass's result says how many batches it read, and whether it stopped before the end because it needed no more. */
export interface FollowedResult {
  batches: number;
  complete: boolean;
}

export abstract class SpillFollowing<S, R extends FollowedResult> implements Following {
  private readonly worker: Worker;
  private spillPath: string | null = null;
  private stopped = false;
  private settle: (found: R | null) => void = () => undefined;
  private readonly outcome = new Promise<R | null>((resolve) => {
    this.settle = resolve;
  });
  private readonly onAbort = () => this.stop();

  constructor(
    handoff: SpillHandoff,
    /** The worker script, by name (compute/worker-entries.json), beside this module. */
    script: string,
    private readonly signal: AbortSignal,
  ) {
    handoff.listen((event) => this.hear(event));
    signal.addEventListener("abort", this.onAbort, { once: true });
    this.worker = startWorker(workerScript(script, import.meta.url), null, SCAN_WORKER_LIMITS);
    this.worker.once("message", (found: R) => {
      this.settle(this.revive(found));
      this.stop();
    });
    // A worker that fails leaves the pass to the agent.
    this.worker.once("error", () => this.stop());
    this.worker.once("exit", () => this.stop());
  }

  /** The pass's setup for a dataset of these columns; null when the pass cannot run on it (the agent then reports why). */
  protected abstract setup(columns: string[]): S | null;

  /** The result as it crossed from the worker, with its classes back (plain data needs nothing). */
  protected revive(cloned: R): R {
    return cloned;
  }

  private hear(event: HandoffEvent): void {
    if (this.stopped) return;
    if (event.kind === "opened") this.start(event.spill, event.spillPath, event.columns);
    else if (event.kind === "written") this.worker.postMessage({ entry: event.entry } satisfies FollowingMessage);
    else if (event.kind === "finished") this.worker.postMessage({ end: true } satisfies FollowingMessage);
    else this.stop();
  }

  private start(spill: SpillKind, spillPath: string, columns: string[]): void {
    const setup = this.setup(columns);
    if (setup === null) {
      this.stop();
      return;
    }
    this.spillPath = spillPath;
    const request: FollowingRequest<S> = { spill, spillPath, columns, setup };
    this.worker.postMessage({ request } satisfies FollowingMessage<S>);
  }

  /**
   * The pass's result on `dataset` when it is the dataset followed and the worker read as much of
   * it as the pass needs; null otherwise (the agent ahead failed or handed on another dataset):
   * the agent then makes the pass itself.
   */
  async result(dataset: Dataset): Promise<R | null> {
    const spill =
      dataset instanceof DerivedDataset
        ? { path: dataset.spill.source.spillPath, batches: dataset.spill.batchCount }
        : dataset instanceof SpilledDataset
          ? { path: dataset.spillSource().spillPath, batches: dataset.spillSource().entries.length }
          : null;
    if (spill === null || this.spillPath === null || spill.path !== this.spillPath) {
      this.stop();
      return null;
    }
    const found = await this.outcome;
    if (found === null) return null;
    const batches = spill.batches;
    return (found.complete ? found.batches === batches : found.batches <= batches) ? found : null;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.signal.removeEventListener("abort", this.onAbort);
    this.settle(null);
    void this.worker.terminate();
  }
}
