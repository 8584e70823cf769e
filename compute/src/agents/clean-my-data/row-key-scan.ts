/**
 * duplicate-resolver's first pass over the row keys: the row kept for each key and the rows that
 * lose to it. The agent runs it batch by batch itself, or a worker runs it on the batches of its
 * input as the agent ahead writes them (row-key-following.ts); both make the same table.
 */
import type { DataBatch } from "../../engine/types.js";
import type { Utf8Cells } from "../../stats/utf8-column.js";
import { rowNumberOf } from "./derived-dataset.js";
import { KeyLanes, keyHashes } from "./duplicate-keys.js";
import { KeptRowTable } from "./kept-row-table.js";
import { NullMarkers } from "./null-markers.js";

export interface RowKeySetup {
  /** The key columns, by index. */
  keys: number[];
  nullMarkers: readonly string[];
  keepLast: boolean;
  /** Rows expected, to size the table once. */
  expectedRows: number;
}

/** What the pass found: plain data, sent across threads as it is (reviveRowKeys gives the table its class back). */
export interface RowKeys {
  keeper: KeptRowTable;
  /** A dropped row, and beside it its key, to find the row it duplicates once every row is seen ("last" moves it). */
  droppedRows: number[];
  droppedKeys: number[];
  rows: number;
  batches: number;
  /** Every row was read (the pass always reads them all). */
  complete: true;
}

export function reviveRowKeys(cloned: RowKeys): RowKeys {
  KeptRowTable.revive(cloned.keeper);
  return cloned;
}

/** The row each dropped row duplicates, by dropped row: the later passes look rows up here instead of hashing their keys again. */
export function duplicateRows(found: RowKeys): Map<number, number> {
  const duplicateOf = new Map<number, number>();
  for (let k = 0; k < found.droppedRows.length; k++) duplicateOf.set(found.droppedRows[k], found.keeper.get(found.droppedKeys[k]));
  return duplicateOf;
}

export class RowKeyScan {
  readonly found: RowKeys;
  private readonly markers: NullMarkers;
  private readonly lanes = new KeyLanes();

  constructor(private readonly setup: RowKeySetup) {
    this.found = { keeper: new KeptRowTable(setup.expectedRows), droppedRows: [], droppedKeys: [], rows: 0, batches: 0, complete: true };
    this.markers = new NullMarkers(setup.nullMarkers);
  }

  add(data: DataBatch, cells: Utf8Cells[]): void {
    const { keys, keepLast } = this.setup;
    const { markers, found } = this;
    const { keeper, droppedRows, droppedKeys } = found;
    const hashes = keyHashes(cells, keys, data.batch.numRows, markers, this.lanes);
    for (let i = 0; i < data.batch.numRows; i++) {
      const h = hashes[i];
      const row = rowNumberOf(data, i);
      const before = keeper.keep(h, row, keepLast);
      if (before >= 0) {
        droppedRows.push(keepLast ? before : row);
        droppedKeys.push(h);
      }
    }
    found.rows += data.batch.numRows;
    found.batches++;
  }
}
