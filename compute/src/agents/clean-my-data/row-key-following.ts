/**
 * duplicate-resolver's row-key pass (row-key-scan.ts) on a worker that follows the dataset the
 * agent ahead of it writes (spill-following.ts): each batch is hashed as soon as it is on disk,
 * on the core the agent ahead leaves idle, so when duplicate-resolver starts its first pass is
 * done or nearly.
 */

import type { SpillHandoff } from "../../engine/spill-handoff.js";
import { type RowKeySetup, type RowKeys, reviveRowKeys } from "./row-key-scan.js";
import { SpillFollowing } from "./spill-following.js";

export interface RowKeyFollowingOptions {
  /** The key columns by name; null: the whole row. */
  keyColumns: readonly string[] | null;
  nullMarkers: readonly string[];
  keepLast: boolean;
  expectedRows: number;
}

export class RowKeyFollowing extends SpillFollowing<RowKeySetup, RowKeys> {
  constructor(
    handoff: SpillHandoff,
    private readonly options: RowKeyFollowingOptions,
    signal: AbortSignal,
  ) {
    super(handoff, "row-key-worker", signal);
  }

  protected setup(columns: string[]): RowKeySetup | null {
    const names = this.options.keyColumns && this.options.keyColumns.length > 0 ? this.options.keyColumns : columns;
    const keys = names.map((name) => columns.indexOf(name));
    // A key column the dataset lacks is the agent's error to report, not this thread's.
    if (keys.includes(-1)) return null;
    const { nullMarkers, keepLast, expectedRows } = this.options;
    return { keys, nullMarkers, keepLast, expectedRows };
  }

  protected revive(cloned: RowKeys): RowKeys {
    return reviveRowKeys(cloned);
  }
}
