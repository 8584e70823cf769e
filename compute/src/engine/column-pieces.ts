/**
 * Where each column of a spilled batch lies on disk, so a dataset derived from another can point
 * at the columns it passes through untouched instead of writing them again. Cleaning agents
 * change a few columns of a file; copying the others into every agent's spill was nearly all of
 * clean-my-data's disk writes (1.3 GB for a 167 MB file, most of it kernel copy time).
 *
 * Keyed by the Arrow Data object a reader produced: only a column that is that very object (not
 * a copy, a slice or a rebuilt column) counts as unchanged, so a column is never mistaken for
 * another with the same length.
 */
import type { Data } from "apache-arrow";

/** One record batch a spill holds: the Arrow IPC stream at [offset, offset + length) of `path`. */
export interface StoredBatch {
  /** A spill file of the run (they all live until the run's spill folder is removed). */
  path: string;
  offset: number;
  length: number;
}

/** A column as stored: child `child` of a stored batch. */
export interface ColumnPiece {
  stored: StoredBatch;
  child: number;
}

const pieces = new WeakMap<Data, ColumnPiece>();

/** Records that `children` are the columns of `stored`, as read. */
export function rememberStoredColumns(children: readonly Data[], stored: StoredBatch): void {
  for (let child = 0; child < children.length; child++) pieces.set(children[child], { stored, child });
}

export function rememberPiece(data: Data, stored: StoredBatch, child: number): void {
  pieces.set(data, { stored, child });
}

/** Where `data` can be read again, when it is a column exactly as some spill holds it. */
export function pieceOf(data: Data): ColumnPiece | undefined {
  return pieces.get(data);
}

/**
 * Whether two columns, read from the same or different datasets, are the same stored column:
 * then they hold the same rows and the same bytes, with no need to compare a cell.
 */
export function sameStoredColumn(a: Data, b: Data): boolean {
  if (a === b) return true;
  const p = pieces.get(a);
  const q = pieces.get(b);
  return (
    p !== undefined && q !== undefined && p.child === q.child && p.stored.offset === q.stored.offset && p.stored.path === q.stored.path
  );
}
