/**
 * The surviving values of every cluster of two or more records, in flat arrays indexed by
 * (slot, column): a slot per such cluster, in the order of the clusters' first records. One
 * object and three arrays per cluster (and a state object per field while the values were
 * chosen) held half a gigabyte at two million records; flat, it is about 17 bytes a field.
 * The values themselves are the winning cells' UTF-8 bytes, copied into pages of one size rather
 * than decoded to strings: a string per field was ~100 MiB of JavaScript heap at two million
 * records, where the bytes take a third of that, and byte pages reuse the memory the allocator
 * kept from the matching before (JavaScript strings cannot).
 * Read as a map from cluster to its SurvivedCluster, each built when asked for.
 */
import { bytesText, type Utf8Cells } from "../../stats/utf8-column.js";

/** Bytes per page; a longer value gets a page of its own. */
const PAGE_BYTES = 1 << 20;
const encoder = new TextEncoder();

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
  /** Where field (slot, column)'s value starts: page × 2³² + offset; its byte length, −1 while none. */
  private readonly valueAt: Float64Array;
  private readonly valueLength: Int32Array;
  private readonly pages: Uint8Array[] = [];
  private pageUsed = PAGE_BYTES;
  /** The row in the user's file that gave field (slot, column)'s value; NaN while none. */
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
    this.valueAt = new Float64Array(slots * columns);
    this.valueLength = new Int32Array(slots * columns).fill(-1);
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

  /** Whether field `at` has a value yet. */
  has(at: number): boolean {
    return this.valueLength[at] >= 0;
  }

  /** Field `at` survives as cell i of `cells` (its bytes are copied), from `row` of the user's file. */
  setCell(at: number, cells: Utf8Cells, i: number, row: number): void {
    const start = cells.offsets[i];
    this.store(at, cells.values.subarray(start, cells.offsets[i + 1]));
    this.rows[at] = row;
  }

  /** Field `at` survives as `text`, from `row` of the user's file. */
  setText(at: number, text: string, row: number): void {
    this.store(at, encoder.encode(text));
    this.rows[at] = row;
  }

  /** The value of field `at` (null while none). */
  text(at: number): string | null {
    const length = this.valueLength[at];
    if (length < 0) return null;
    const address = this.valueAt[at];
    const page = this.pages[Math.floor(address / 2 ** 32)];
    const offset = address % 2 ** 32;
    return bytesText(page, offset, offset + length);
  }

  /** A value replaced later stays in its page: a field is replaced only when a member beats it, a few times at most. */
  private store(at: number, bytes: Uint8Array): void {
    let page: Uint8Array;
    if (this.pages.length === 0 || bytes.length > PAGE_BYTES - this.pageUsed) {
      page = new Uint8Array(Math.max(PAGE_BYTES, bytes.length));
      this.pages.push(page);
      this.pageUsed = 0;
    } else page = this.pages[this.pages.length - 1];
    page.set(bytes, this.pageUsed);
    this.valueAt[at] = (this.pages.length - 1) * 2 ** 32 + this.pageUsed;
    this.valueLength[at] = bytes.length;
    this.pageUsed += bytes.length;
  }

  get(cluster: number): SurvivedCluster | undefined {
    const slot = this.slotOf[cluster];
    return slot < 0 ? undefined : this.clusterAt(slot);
  }

  /** Whether the cluster has an entry (two or more records). */
  hasEntry(cluster: number): boolean {
    return this.slotOf[cluster] >= 0;
  }

  /**
   * The row that gave field `column` of the cluster's golden record (null when every member was
   * blank), or undefined for a single record, without decoding its values as get() does: the
   * crosswalk asks this for every record of a cluster.
   */
  sourceRowOf(cluster: number, column: number): number | null | undefined {
    const slot = this.slotOf[cluster];
    if (slot < 0) return undefined;
    const row = this.rows[slot * this.columns + column];
    return Number.isNaN(row) ? null : row;
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
    const values = new Array<string | null>(this.columns);
    const sourceRows = new Array<number | null>(this.columns);
    const conflicts: number[] = [];
    for (let c = 0; c < this.columns; c++) {
      values[c] = this.text(from + c);
      const row = this.rows[from + c];
      sourceRows[c] = Number.isNaN(row) ? null : row;
      if (this.conflict[from + c]) conflicts.push(c);
    }
    return { values, sourceRows, conflicts };
  }
}
