/**
 * The surviving values of every cluster of two or more records, in flat arrays indexed by
 * (slot, column): a slot per such cluster, in the order of the clusters' first records. One
 * object and three arrays per cluster (and a state object per field while the values were
 * chosen) held half a gigabyte at two million records; flat, it is about 17 bytes a field.
 * Read as a map from cluster to its SurvivedCluster, each built when asked for.
 */

export interface SurvivedCluster {
  values: (string | null)[];
  /** Row in the user's file that gave each surviving value (null when every member was blank). */
  sourceRows: (number | null)[];
  /** Column indexes whose members disagree (two or more different non-blank values). */
  conflicts: number[];
}

export class SurvivorTable {
  /** Cluster → its slot, −1 for a single record. */
  private readonly slotOf: Int32Array;
  private readonly clusterOfSlot: Int32Array;
  /** The surviving value of field (slot, column), null while none. */
  readonly values: (string | null)[];
  /** The row in the user's file that gave it; NaN while none. */
  readonly rows: Float64Array;
  /** 1 where the members disagree on the field. */
  readonly conflict: Uint8Array;
  /** Slots given out so far: the clusters resolved. */
  size = 0;

  constructor(
    clusters: number,
    slots: number,
    private readonly columns: number,
  ) {
    this.slotOf = new Int32Array(clusters).fill(-1);
    this.clusterOfSlot = new Int32Array(slots);
    this.values = new Array<string | null>(slots * columns).fill(null);
    this.rows = new Float64Array(slots * columns).fill(Number.NaN);
    this.conflict = new Uint8Array(slots * columns);
  }

  /** The first field index of the cluster's slot, given one on first use. */
  fieldsOf(cluster: number): number {
    let slot = this.slotOf[cluster];
    if (slot < 0) {
      slot = this.size++;
      this.slotOf[cluster] = slot;
      this.clusterOfSlot[slot] = cluster;
    }
    return slot * this.columns;
  }

  get(cluster: number): SurvivedCluster | undefined {
    const slot = this.slotOf[cluster];
    return slot < 0 ? undefined : this.clusterAt(slot);
  }

  /** The fields the cluster's members disagree on (none for a single record), without building its whole entry. */
  conflictsOf(cluster: number): number[] {
    const slot = this.slotOf[cluster];
    const conflicts: number[] = [];
    if (slot < 0) return conflicts;
    const from = slot * this.columns;
    for (let c = 0; c < this.columns; c++) if (this.conflict[from + c]) conflicts.push(c);
    return conflicts;
  }

  *[Symbol.iterator](): IterableIterator<[number, SurvivedCluster]> {
    for (let slot = 0; slot < this.size; slot++) yield [this.clusterOfSlot[slot], this.clusterAt(slot)];
  }

  private clusterAt(slot: number): SurvivedCluster {
    const from = slot * this.columns;
    const values = this.values.slice(from, from + this.columns);
    const sourceRows = new Array<number | null>(this.columns);
    const conflicts: number[] = [];
    for (let c = 0; c < this.columns; c++) {
      const row = this.rows[from + c];
      sourceRows[c] = Number.isNaN(row) ? null : row;
      if (this.conflict[from + c]) conflicts.push(c);
    }
    return { values, sourceRows, conflicts };
  }
}
