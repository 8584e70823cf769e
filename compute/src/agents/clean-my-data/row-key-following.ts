/**
 * duplicate-resolver's row-key pass (row-key-scan.ts) on a worker that follows the dataset the
 * agent ahead of it writes (spill-handoff.ts): each batch is hashed as soon as it is on disk, on
 * the core the agent ahead leaves idle, so when duplicate-resolver starts its first pass is done
 * or nearly. The result counts only for the very dataset followed, read whole.
 */
import type { Worker } from "node:worker_threads";
import { workerScript } from "../../engine/column-threads.js";
import type { Dataset, Following } from "../../engine/types.js";
import { SCAN_WORKER_LIMITS, startWorker } from "../../engine/worker-thread.js";
import { DerivedDataset, type SpillEntry } from "./derived-dataset.js";
import { type RowKeySetup, type RowKeys, reviveRowKeys } from "./row-key-scan.js";
import type { HandoffEvent, SpillHandoff } from "./spill-handoff.js";

/** What the worker is started with: the dataset's spill file and header, and the pass's setup. */
export interface RowKeyWorkerRequest {
  spillPath: string;
  columns: string[];
  setup: RowKeySetup;
}

/** Told to the worker in order: each batch as it lands, then the end of the dataset. */
export type RowKeyWorkerMessage = { entry: SpillEntry } | { end: true };

export interface RowKeyFollowingOptions {
  /** The key columns by name; null: the whole row. */
  keyColumns: readonly string[] | null;
  nullMarkers: readonly string[];
  keepLast: boolean;
  expectedRows: number;
}

export class RowKeyFollowing implements Following {
  private worker: Worker | null = null;
  private spillPath: string | null = null;
  private stopped = false;
  private settle: (found: RowKeys | null) => void = () => undefined;
  private readonly outcome = new Promise<RowKeys | null>((resolve) => {
    this.settle = resolve;
  });
  private readonly onAbort = () => this.stop();

  constructor(
    handoff: SpillHandoff,
    private readonly options: RowKeyFollowingOptions,
    private readonly signal: AbortSignal,
  ) {
    handoff.listen((event) => this.hear(event));
    signal.addEventListener("abort", this.onAbort, { once: true });
  }

  private hear(event: HandoffEvent): void {
    if (this.stopped) return;
    if (event.kind === "opened") this.start(event.spillPath, event.columns);
    else if (event.kind === "written") this.worker?.postMessage({ entry: event.entry } satisfies RowKeyWorkerMessage);
    else if (event.kind === "finished") this.worker?.postMessage({ end: true } satisfies RowKeyWorkerMessage);
    else this.stop();
  }

  private start(spillPath: string, columns: string[]): void {
    const names = this.options.keyColumns && this.options.keyColumns.length > 0 ? this.options.keyColumns : columns;
    const keys = names.map((name) => columns.indexOf(name));
    // A key column the dataset lacks is the agent's error to report, not this thread's.
    if (keys.includes(-1)) {
      this.stop();
      return;
    }
    this.spillPath = spillPath;
    const { nullMarkers, keepLast, expectedRows } = this.options;
    const request: RowKeyWorkerRequest = { spillPath, columns, setup: { keys, nullMarkers, keepLast, expectedRows } };
    const worker = startWorker(workerScript("row-key-worker", import.meta.url), request, SCAN_WORKER_LIMITS);
    worker.once("message", (found: RowKeys) => {
      this.settle(reviveRowKeys(found));
      this.stop();
    });
    // A worker that fails leaves the pass to the agent.
    worker.once("error", () => this.stop());
    worker.once("exit", () => this.stop());
    this.worker = worker;
  }

  /**
   * The row keys of `dataset` when it is the dataset followed and the worker read all of it;
   * null otherwise (the agent ahead failed or handed on another dataset): the agent then scans.
   */
  async result(dataset: Dataset): Promise<RowKeys | null> {
    if (!(dataset instanceof DerivedDataset) || this.spillPath === null || dataset.spill.source.spillPath !== this.spillPath) {
      this.stop();
      return null;
    }
    const found = await this.outcome;
    return found !== null && found.batches === dataset.spill.batchCount ? found : null;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.signal.removeEventListener("abort", this.onAbort);
    this.settle(null);
    void this.worker?.terminate();
  }
}
