/** Row keys and fuzzy values for duplicate-resolver, and the clusters it reports. */
import type * as report from "@agensium/shared";
import type { CleanMyDataParameters } from "@agensium/shared";
import { finishHash } from "../../stats/hash.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { clusterValues } from "./fuzzy-keys.js";
import type { NullMarkers } from "./null-markers.js";
import { cellValue } from "./row-batch.js";

type Params = CleanMyDataParameters["duplicate-resolver"];

/** Distinct fuzzy values clustered at most; beyond, fuzzy matching is reported as skipped. */
export const FUZZY_VALUE_LIMIT = 200_000;
const CLUSTERS_REPORTED = 1_000;
const SPELLINGS_REPORTED = 50;
/** Mixed in for a null cell where a cell's length would go: negative, so no length. */
const NULL_CELL_TAG = -0x1d_f00d;

export type FuzzyCluster = report.FuzzyCluster;

/**
 * A 53-bit hash of each row's key cells, for every row of a batch; every null (missing, blank or
 * a null marker) hashes alike. A row's key bytes are hashed as one stream (each cell's length,
 * or a null tag no length can be, before its bytes), with hashBytes' two lanes and one finish per
 * row: a hash and a combine per cell cost more than the bytes themselves on rows of short cells.
 * The stream is run a key column at a time, each row's lanes waiting in `lanes` between
 * columns, so each column's bytes are read in order, and a column with no null marker among its
 * cells (hasMarkerCell) is not checked cell by cell.
 */
export function keyHashes(cells: Utf8Cells[], keys: number[], rows: number, markers: NullMarkers, lanes: KeyLanes): Float64Array {
  const { h1, h2, hashes } = lanes.sized(rows);
  h1.fill(0x9747b28c, 0, rows);
  h2.fill(0x5bd1e995, 0, rows);
  for (let k = 0; k < keys.length; k++) {
    const col = cells[keys[k]];
    const { values, offsets } = col;
    const checkMarkers = markers.hasMarkerCell(col);
    const checkMissing = col.validity !== null;
    for (let i = 0; i < rows; i++) {
      let a = h1[i];
      let b = h2[i];
      if ((checkMissing && isNullCell(col, i)) || (checkMarkers && markers.isNullCell(col, i))) {
        h1[i] = Math.imul(a ^ NULL_CELL_TAG, 0x01000193);
        h2[i] = Math.imul((b << 5) | (b >>> 27), 0x85ebca6b) ^ NULL_CELL_TAG;
        continue;
      }
      const start = offsets[i];
      const end = offsets[i + 1];
      a = Math.imul(a ^ (end - start), 0x01000193);
      b = Math.imul((b << 5) | (b >>> 27), 0x85ebca6b) ^ (end - start);
      // Four bytes at a time, then the last few one by one: a cell's length went in first, so
      // how its bytes are grouped cannot make two different cells one stream. A word goes into
      // the first lane as MurmurHash3's block step (a byte's multiply only carries upwards, which
      // would leave a word's high byte in the lane's top bits alone).
      let x = start;
      for (; x + 4 <= end; x += 4) {
        const word = values[x] | (values[x + 1] << 8) | (values[x + 2] << 16) | (values[x + 3] << 24);
        let k = Math.imul(word, 0xcc9e2d51);
        k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
        a ^= k;
        a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
        b = Math.imul((b << 5) | (b >>> 27), 0x85ebca6b) ^ word;
      }
      for (; x < end; x++) {
        const byte = values[x];
        a = Math.imul(a ^ byte, 0x01000193);
        b = Math.imul((b << 5) | (b >>> 27), 0x85ebca6b) ^ byte;
      }
      h1[i] = a;
      h2[i] = b;
    }
  }
  for (let i = 0; i < rows; i++) hashes[i] = finishHash(h1[i], h2[i]);
  return hashes;
}

/** keyHashes' per-row state, kept from batch to batch. */
export class KeyLanes {
  h1 = new Int32Array(0);
  h2 = new Int32Array(0);
  hashes = new Float64Array(0);

  sized(rows: number): this {
    if (this.h1.length < rows) {
      this.h1 = new Int32Array(rows);
      this.h2 = new Int32Array(rows);
      this.hashes = new Float64Array(rows);
    }
    return this;
  }
}

/** The fuzzy columns' text of a row; a null marker reads as empty, so it never forms a cluster. */
export function fuzzyValue(cells: Utf8Cells[], fuzzy: number[], i: number, markers: NullMarkers): string {
  return fuzzy.map((c) => (markers.isNullCell(cells[c], i) ? "" : (cellValue(cells[c], i) as string).trim())).join(" | ");
}

export function clusterNonEmpty(values: string[], nonEmpty: boolean[], clusterOf: Int32Array, p: Params) {
  const indices = values.flatMap((_, i) => (nonEmpty[i] ? [i] : []));
  const result = clusterValues(
    indices.map((i) => values[i]),
    p.fuzzy_radius,
    p.ngram_size,
  );
  indices.forEach((i, k) => {
    clusterOf[i] = result.clusterOf[k];
  });
  return result;
}

/** The clusters with two or more rows left, each with its most frequent spellings and first rows. */
export function summarizeClusters(
  values: string[],
  counts: number[],
  clusterOf: Int32Array,
  clusterSize: Int32Array,
  clusterRows: number[][],
): FuzzyCluster[] {
  const members: { value: string; count: number }[][] = Array.from({ length: clusterSize.length }, () => []);
  values.forEach((value, index) => {
    const c = clusterOf[index];
    if (c >= 0) members[c].push({ value, count: counts[index] });
  });
  const clusters: FuzzyCluster[] = [];
  for (let c = 0; c < clusterSize.length && clusters.length < CLUSTERS_REPORTED; c++) {
    if (clusterSize[c] < 2) continue;
    const spellings = members[c].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    clusters.push({ id: c + 1, representative: spellings[0].value, values: spellings.slice(0, SPELLINGS_REPORTED), rows: clusterRows[c] });
  }
  return clusters;
}
