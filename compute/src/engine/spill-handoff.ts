/**
 * The dataset a cleaning agent is writing for the next agent of the chain, told batch by batch
 * as each lands on disk. The next agent can then make its first pass on another thread while
 * this one is still writing (duplicate-resolver's row keys follow type-fixer's output), instead
 * of reading the whole dataset again once it is finished. DerivedDatasetWriter tells, and so does
 * ingestDataset for the chain's first agent; whoever listens (one listener) hears the events in order.
 */

import type { SpillEntry as DerivedEntry } from "../agents/clean-my-data/derived-dataset.js";
import type { SpillEntry as InputEntry } from "./dataset.js";

/** Which kind of spill the batches are in: the input as the reader spilled it, or an agent's derived dataset. */
export type SpillKind = "input" | "derived";
export type HandedEntry = InputEntry | DerivedEntry;

export type HandoffEvent =
  /** The writer opened its spill file (`columns` is the dataset's header, the same in every batch). */
  | { kind: "opened"; spill: SpillKind; spillPath: string; columns: string[] }
  /** One more batch is on disk: entry k of the dataset (an InputEntry or a DerivedEntry, as `spill` says). */
  | { kind: "written"; entry: HandedEntry }
  /** The dataset is complete: it holds exactly the batches told. */
  | { kind: "finished" }
  /** Nothing (more) will be told and no dataset of those batches will exist: the writer failed, or a second one opened. */
  | { kind: "abandoned" };

export class SpillHandoff {
  private listener: ((event: HandoffEvent) => void) | null = null;
  private opened = false;
  private ended = false;

  /** The one listener; events told before it listens are not replayed (the runner attaches it before the writer opens). */
  listen(listener: (event: HandoffEvent) => void): void {
    this.listener = listener;
  }

  /**
   * A writer opened the dataset. Only one dataset per handoff: a second writer (an agent writing
   * two datasets, one of them for the next agent) would mix two spills, so the handoff gives up.
   */
  open(spillPath: string, columns: string[], spill: SpillKind = "derived"): boolean {
    if (this.ended) return false;
    if (this.opened) {
      this.end({ kind: "abandoned" });
      return false;
    }
    this.opened = true;
    this.tell({ kind: "opened", spill, spillPath, columns });
    return true;
  }

  written(entry: HandedEntry): void {
    if (!this.ended) this.tell({ kind: "written", entry });
  }

  finished(): void {
    this.end({ kind: "finished" });
  }

  /** The agent ended without finishing a dataset here (no writer, a failed one, or the run stopped). */
  abandon(): void {
    this.end({ kind: "abandoned" });
  }

  private end(event: HandoffEvent): void {
    if (this.ended) return;
    this.ended = true;
    this.tell(event);
  }

  private tell(event: HandoffEvent): void {
    this.listener?.(event);
  }
}
