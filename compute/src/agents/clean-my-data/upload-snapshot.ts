/**
 * The previewer's before snapshot of the upload, on both cores: on a large spilled upload a
 * worker thread reads the spill and counts most of its columns while this thread walks before
 * and after together (which reads every batch of the upload anyway) and counts the rest. Each
 * column's snapshot depends only on its own cells in row order, so the split gives the
 * single-thread snapshot exactly.
 */
import type { RecordBatch } from "apache-arrow";
import { balanceColumns, columnCosts, defaultThreads, workerScript } from "../../engine/column-threads.js";
import { SpilledDataset, type SpillSource } from "../../engine/dataset.js";
import type { Dataset } from "../../engine/types.js";
import { runWorkerOnce, SCAN_WORKER_LIMITS } from "../../engine/worker-thread.js";
import { type ColumnSnapshot, SnapshotCounter, snapshotsByName } from "./column-snapshot.js";

/** What the worker counts: its columns of the spill. */
export interface SnapshotRequest {
  source: SpillSource;
  columns: number[];
  topValues: number;
}

/** The worker's answer: the snapshot of each column of the dataset by index, null for those it left to this thread. */
export interface SnapshotPart {
  rows: number;
  snapshots: (ColumnSnapshot | null)[];
}

/** A cell's fixed cost in a snapshot, in bytes' worth of work (a hash and a table probe). */
const CELL_COST = 24;

/**
 * The share of the counting this thread keeps, in quarters: the walk that feeds it compares
 * every changed cell and then counts the after snapshot, so the worker takes the larger part.
 */
const OWN_QUARTERS = 1;

/** Snapshots of uploads started before the chain's first agent (prestart), by the upload. */
const prestarted = new WeakMap<Dataset, { topValues: number; worker: Promise<SnapshotPart> }>();

/** The worker counting `columns` of `dataset`'s spill. */
function countInWorker(dataset: SpilledDataset, columns: number[], topValues: number, signal?: AbortSignal): Promise<SnapshotPart> {
  const request: SnapshotRequest = { source: dataset.spillSource(), columns, topValues };
  const worker = runWorkerOnce<SnapshotPart>(workerScript("snapshot-worker", import.meta.url), request, signal, SCAN_WORKER_LIMITS);
  // Awaited in result(); never unhandled when the walk fails first or the previewer never runs.
  worker.catch(() => undefined);
  return worker;
}

export class UploadSnapshot {
  private constructor(
    private readonly columns: string[],
    private readonly topValues: number,
    private readonly own: SnapshotCounter,
    private readonly worker: Promise<SnapshotPart> | null,
  ) {}

  /** Threads counting the snapshot (this one and the worker, when there is one). */
  get threads(): number {
    return this.worker ? 2 : 1;
  }

  /**
   * Starts counting `dataset` (the upload): columns for a worker are counted there from the
   * spill at once; add() counts the others from the batches the caller reads.
   */
  static async start(dataset: Dataset, topValues: number, signal?: AbortSignal, threads?: number): Promise<UploadSnapshot> {
    const width = dataset.columns.length;
    const early = threads === undefined ? prestarted.get(dataset) : undefined;
    if (early && early.topValues === topValues) {
      prestarted.delete(dataset);
      return new UploadSnapshot(dataset.columns, topValues, new SnapshotCounter(dataset.columns, () => false), early.worker);
    }
    const spilled = dataset instanceof SpilledDataset ? dataset : null;
    const wanted = threads ?? (spilled ? defaultThreads(spilled.rowCount, width) : 1);
    if (!spilled || wanted < 2 || width < 2)
      return new UploadSnapshot(dataset.columns, topValues, new SnapshotCounter(dataset.columns), null);
    const groups = balanceColumns(await columnCosts(spilled, CELL_COST, signal), 4);
    const mine = new Set(groups.slice(0, OWN_QUARTERS).flat());
    const theirs = dataset.columns.map((_, c) => c).filter((c) => !mine.has(c));
    const worker = countInWorker(spilled, theirs, topValues, signal);
    return new UploadSnapshot(dataset.columns, topValues, new SnapshotCounter(dataset.columns, (c) => mine.has(c)), worker);
  }

  /**
   * Starts counting the whole snapshot of a large spilled upload in a worker now, for the
   * previewer at the end of the chain (start() then takes it): the agents ahead of it run on
   * one thread, so the worker has a core to itself while they do.
   */
  static prestart(dataset: Dataset, topValues: number, signal?: AbortSignal, threads?: number): void {
    const width = dataset.columns.length;
    if (!(dataset instanceof SpilledDataset) || (threads ?? defaultThreads(dataset.rowCount, width)) < 2 || width < 2) return;
    const all = dataset.columns.map((_, c) => c);
    prestarted.set(dataset, { topValues, worker: countInWorker(dataset, all, topValues, signal) });
  }

  /** Counts this thread's columns of the upload's next batch. */
  add(batch: RecordBatch): void {
    this.own.add(batch);
  }

  /** The whole snapshot, once the caller has added every batch of the upload. */
  async result(): Promise<{ rows: number; columns: Map<string, ColumnSnapshot> }> {
    const snapshots = this.own.snapshots(this.topValues);
    if (this.worker) {
      const part = await this.worker;
      if (part.rows !== this.own.rowsCounted)
        throw new Error(`The snapshot worker counted ${part.rows} rows, the walk ${this.own.rowsCounted}`);
      part.snapshots.forEach((snapshot, c) => {
        if (snapshot) snapshots[c] = snapshot;
      });
    }
    return { rows: this.own.rowsCounted, columns: snapshotsByName(this.columns, snapshots) };
  }
}

/** The worker's side: counts `request.columns` of the spill in one pass of its own. */
export async function countSnapshotPart(request: SnapshotRequest): Promise<SnapshotPart> {
  const dataset = SpilledDataset.fromSpillSource(request.source);
  const columns = new Set(request.columns);
  const counter = new SnapshotCounter(dataset.columns, (c) => columns.has(c));
  for await (const { batch } of dataset.transientBatches()) counter.add(batch);
  return { rows: counter.rowsCounted, snapshots: counter.snapshots(request.topValues) };
}
