/**
 * Stable master ids. A cluster's id comes from its content — the smallest hash of its members'
 * normalised records — so a re-run over the same data gives every entity the same id whatever
 * the row order. With a previous golden file (a master_id column), a cluster holding a record
 * equal to one of that file's golden records, or whose new golden record equals one, keeps
 * that record's id.
 */
import type { Dataset } from "../../engine/types.js";
import { HashCountTable } from "../../stats/hash-table.js";
import { type Resolution, recordKeyHash } from "./resolve-entities.js";
import { isBlank, rowBatches } from "./rows.js";
import type { SurvivedClusters } from "./survivorship-rules.js";

/**
 * The master id of every cluster, held as numbers: the content hash and which copy of that
 * content the cluster is (1: the first, no suffix), and only the ids kept from a baseline as
 * strings. A string per cluster (a cons string of prefix and digits) held 130 MB at two
 * million records; the id is written out from the numbers when asked for.
 */
export class MasterIdTable {
  private readonly hash: Float64Array;
  private readonly copy: Int32Array;
  private readonly kept = new Map<number, string>();

  constructor(
    private readonly prefix: string,
    clusters: number,
  ) {
    this.hash = new Float64Array(clusters);
    this.copy = new Int32Array(clusters);
  }

  /** The cluster's id is `${prefix}-${digits of hash}`, with `-${copy}` from the second copy on. */
  setContent(cluster: number, hash: number, copy: number): void {
    this.hash[cluster] = hash;
    this.copy[cluster] = copy;
  }

  /** The cluster keeps an id from the baseline. */
  keep(cluster: number, id: string): void {
    this.kept.set(cluster, id);
  }

  get(cluster: number): string {
    if (this.kept.size > 0) {
      const id = this.kept.get(cluster);
      if (id !== undefined) return id;
    }
    const base = contentId(this.prefix, this.hash[cluster]);
    const copy = this.copy[cluster];
    return copy > 1 ? `${base}-${copy}` : base;
  }
}

export interface MasterIds {
  ofCluster: MasterIdTable;
  reusedFromBaseline: number;
  baselineRecords: number;
  /** Set when a baseline was given but had no master_id column. */
  baselineWithoutIds: boolean;
}

export const MASTER_ID_COLUMN = "master_id";

const BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** 36^11 > 2^53: a hash always fits in 11 digits. */
const ID_DIGITS = 11;
const digits = new Array<string>(ID_DIGITS);

/**
 * `${prefix}-` and the hash in upper-case base 36, zero-padded to 11 digits: what
 * hash.toString(36).toUpperCase().padStart(11, "0") gives, by integer division (exact below
 * 2^53), without the double-to-radix conversion, which dominated a million ids.
 */
export function contentId(prefix: string, hash: number): string {
  let rest = hash;
  for (let k = ID_DIGITS - 1; k >= 0; k--) {
    let q = Math.floor(rest / 36);
    let r = rest - q * 36;
    // The quotient of a rounded division can be one off; the remainder says which way.
    if (r < 0) {
      q--;
      r += 36;
    } else if (r >= 36) {
      q++;
      r -= 36;
    }
    digits[k] = BASE36[r];
    rest = q;
  }
  return `${prefix}-${digits.join("")}`;
}

async function baselineIds(
  baseline: Dataset,
  columns: string[],
  signal?: AbortSignal,
): Promise<{ ids: Map<number, string>; records: number } | null> {
  const idIndex = baseline.columns.indexOf(MASTER_ID_COLUMN);
  if (idIndex < 0) return null;
  const positions = columns.map((c) => baseline.columns.indexOf(c));
  const ids = new Map<number, string>();
  let records = 0;
  for await (const batch of rowBatches(baseline, signal)) {
    for (let i = 0; i < batch.rows; i++) {
      const id = batch.column(idIndex)[i];
      if (id === null || isBlank(id)) continue;
      records++;
      const hash = recordKeyHash(positions.map((p) => (p < 0 ? null : batch.column(p)[i])));
      // The first golden record with this content keeps its id (a golden file has one per entity).
      if (!ids.has(hash)) ids.set(hash, id.trim());
    }
  }
  return { ids, records };
}

export async function assignMasterIds(
  res: Resolution,
  survived: SurvivedClusters,
  prefix: string,
  baseline: Dataset | undefined,
  signal?: AbortSignal,
): Promise<MasterIds> {
  const minHash = new Float64Array(res.clusters).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < res.rows; i++) {
    const c = res.clusterOf[i];
    if (res.recordHash[i] < minHash[c]) minHash[c] = res.recordHash[i];
  }
  const previous = baseline ? await baselineIds(baseline, res.columns, signal) : null;
  const used = new Set<string>();
  const ofCluster = new MasterIdTable(prefix, res.clusters);
  const given = new Uint8Array(res.clusters);
  let reused = 0;
  if (previous) {
    for (let c = 0; c < res.clusters; c++) {
      const candidates = new Set<string>();
      for (let k = res.clusterStart[c]; k < res.clusterStart[c + 1]; k++) {
        const id = previous.ids.get(res.recordHash[res.members[k]]);
        if (id) candidates.add(id);
      }
      const golden = survived.byCluster.get(c);
      if (golden) {
        const id = previous.ids.get(recordKeyHash(golden.values));
        if (id) candidates.add(id);
      }
      const id = [...candidates].sort().find((x) => !used.has(x));
      if (id) {
        ofCluster.keep(c, id);
        given[c] = 1;
        used.add(id);
        reused++;
      }
    }
  }
  if (!previous) {
    // Without a baseline every id is new: the k-th cluster of one content hash gets the suffix -k, as the loop below gives.
    const seen = new HashCountTable(Math.max(1024, res.clusters));
    for (let c = 0; c < res.clusters; c++) {
      ofCluster.setContent(c, minHash[c], seen.increment(minHash[c]) + 1);
    }
    return { ofCluster, reusedFromBaseline: 0, baselineRecords: 0, baselineWithoutIds: baseline !== undefined };
  }
  for (let c = 0; c < res.clusters; c++) {
    if (given[c]) continue;
    const base = contentId(prefix, minHash[c]);
    // Identical records that never met (no blocking key) share content; the later one gets a suffix.
    let id = base;
    let copy = 1;
    for (let n = 2; used.has(id); n++) {
      id = `${base}-${n}`;
      copy = n;
    }
    ofCluster.setContent(c, minHash[c], copy);
    used.add(id);
  }
  return {
    ofCluster,
    reusedFromBaseline: reused,
    baselineRecords: previous?.records ?? 0,
    baselineWithoutIds: baseline !== undefined && previous === null,
  };
}
