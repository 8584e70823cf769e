/**
 * quarantine-agent's type inference (ColumnKindCount, column-types.ts) on a worker that follows
 * its input as the reader spills it (spill-following.ts): the upload is counted on the core the
 * reader leaves idle, so when quarantine-agent starts the columns' types are known, or nearly.
 */

import type { SpillHandoff } from "../../engine/spill-handoff.js";
import type { InferredType } from "../../stats/value-parse.js";
import { type FollowedResult, SpillFollowing } from "./spill-following.js";

export interface ColumnKindSetup {
  width: number;
  nullMarkers: readonly string[];
  /** At least the rows the dataset holds; -1 while not known (the input is still being read). */
  rowBound: number;
}

export interface ColumnKinds extends FollowedResult {
  /** Each column's type, for a dataset of `width` columns. */
  width: number;
  types: InferredType[];
}

export class ColumnKindFollowing extends SpillFollowing<ColumnKindSetup, ColumnKinds> {
  constructor(
    handoff: SpillHandoff,
    private readonly options: Omit<ColumnKindSetup, "width">,
    signal: AbortSignal,
  ) {
    super(handoff, "column-kind-worker", signal);
  }

  protected setup(columns: string[]): ColumnKindSetup {
    return { width: columns.length, ...this.options };
  }
}
