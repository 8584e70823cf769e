/**
 * cleaned.csv written while the agent ahead of cleanse-writeback still writes the cleaned
 * dataset: a CSV worker (csv-threads.ts) follows the handoff and writes each batch to local disk
 * once it lands, on the core the agent ahead leaves idle. cleanse-writeback takes the writing
 * only for the very dataset followed, whole; otherwise the file is written from its dataset as before.
 */
import { availableParallelism } from "node:os";
import { worthFollowing } from "../../engine/column-threads.js";
import type { SpillHandoff } from "../../engine/spill-handoff.js";
import type { AgentFollowing, Dataset, Following } from "../../engine/types.js";
import { type DatasetCsvOptions, sourceRowColumn, writtenCsv } from "./csv-output.js";
import { ThreadedCsv } from "./csv-threads.js";
import { DerivedDataset, type SpillEntry } from "./derived-dataset.js";

export class CleanedCsvFollowing implements Following {
  private writing: ThreadedCsv | null = null;
  private spillPath: string | null = null;
  private columns: string[] = [];
  private options: DatasetCsvOptions = {};
  private told = 0;
  private finished = false;
  private stopped = false;

  /** A following for a chain whose input is large enough for a second thread to pay, on a machine with one. */
  static start({ handoff, inputRows, inputBytes, signal }: AgentFollowing): CleanedCsvFollowing | undefined {
    if (availableParallelism() < 2 || !worthFollowing({ inputRows, inputBytes })) return undefined;
    return new CleanedCsvFollowing(handoff, signal);
  }

  private constructor(handoff: SpillHandoff, signal: AbortSignal) {
    handoff.listen((event) => {
      if (this.stopped) return;
      if (event.kind === "opened") {
        // The reader's own spill is written by the single-thread path (csv-threads.ts writes derived datasets only).
        if (event.spill !== "derived") return this.stop();
        this.spillPath = event.spillPath;
        this.columns = event.columns;
        this.options = { sourceRow: sourceRowColumn(event.columns) };
        this.writing = ThreadedCsv.follow(event.spillPath, event.columns, availableParallelism(), this.options, signal);
      } else if (event.kind === "written") {
        this.told++;
        this.writing?.told(event.entry as SpillEntry);
      } else if (event.kind === "finished") {
        this.finished = true;
        this.writing?.end();
      } else this.stop();
    });
  }

  /**
   * cleaned.csv's chunks for `dataset`, as the worker has been writing them, when it is the
   * dataset followed, finished, with every batch told; null otherwise. Once taken, the writing
   * stops with its chunks (or `signal`), not with this.
   */
  take(dataset: Dataset, signal: AbortSignal): (() => AsyncIterable<Uint8Array>) | null {
    const writing = this.writing;
    const same =
      dataset instanceof DerivedDataset &&
      dataset.spill.source.spillPath === this.spillPath &&
      dataset.spill.batchCount === this.told &&
      dataset.columns.length === this.columns.length &&
      dataset.columns.every((name, c) => name === this.columns[c]);
    if (!same || !this.finished || this.stopped || writing === null || !writing.complete(dataset.spill)) {
      this.stop();
      return null;
    }
    this.writing = null;
    this.stop();
    return writtenCsv(dataset, writing, this.options, signal);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.writing?.stop();
    this.writing = null;
  }
}
