/**
 * type-fixer's type inference (type-inference.ts) on a worker that follows the dataset the agent
 * ahead of it writes (spill-following.ts), so the columns' types are known, or nearly, when
 * type-fixer starts its rewrite.
 */
import type { CleanMyDataParameters } from "@agensium/shared";
import type { SpillHandoff } from "../../engine/spill-handoff.js";
import { type FollowedResult, SpillFollowing } from "./spill-following.js";
import type { TargetType } from "./type-inference.js";

type Params = CleanMyDataParameters["type-fixer"];

export interface TypeFollowingOptions {
  /** The columns the user gave a type: the others are inferred. */
  typedColumns: readonly string[];
  nullMarkers: readonly string[];
  dateOrder: Params["date_order"];
  /** At least the rows the dataset holds (the run's input rows). */
  rowBound: number;
}

export interface TypeSetup {
  /** The columns inferred, by index. */
  columns: number[];
  nullMarkers: readonly string[];
  dateOrder: Params["date_order"];
  rowBound: number;
}

export interface InferredTypes extends FollowedResult {
  /** The columns inferred, by index, and each one's type. */
  columns: number[];
  types: TargetType[];
  rowsRead: number;
}

export class TypeFollowing extends SpillFollowing<TypeSetup, InferredTypes> {
  constructor(
    handoff: SpillHandoff,
    private readonly options: TypeFollowingOptions,
    signal: AbortSignal,
  ) {
    super(handoff, "type-worker", signal);
  }

  protected setup(columns: string[]): TypeSetup | null {
    const { typedColumns, nullMarkers, dateOrder, rowBound } = this.options;
    // A typed column the dataset lacks is the agent's error to report.
    if (typedColumns.some((name) => !columns.includes(name))) return null;
    const inferred = columns.flatMap((name, c) => (typedColumns.includes(name) ? [] : [c]));
    return inferred.length > 0 ? { columns: inferred, nullMarkers, dateOrder, rowBound } : null;
  }
}
