/** Row keys and fuzzy values for duplicate-resolver, and the clusters it reports. */
import type * as report from "@agensium/shared";
import type { CleanMyDataParameters } from "@agensium/shared";
import { finishHash } from "../../stats/hash.js";
import type { Utf8Cells } from "../../stats/utf8-column.js";
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
 * A 53-bit hash of a row's key cells; every null (missing, blank or a null marker) hashes alike.
 * The key's bytes are hashed as one stream (each cell's length, or a null tag no length can be,
 * before its bytes), with hashBytes' two lanes and one finish per row: a hash and a combine per
 * cell cost more than the bytes themselves on rows of short cells.
 */
export function keyHash(cells: Utf8Cells[], keys: number[], i: number, markers: NullMarkers): number {
  let h1 = 0x9747b28c;
  let h2 = 0x5bd1e995;
  for (let k = 0; k < keys.length; k++) {
    const col = cells[keys[k]];
    if (markers.isNullCell(col, i)) {
      h1 = Math.imul(h1 ^ NULL_CELL_TAG, 0x01000193);
      h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x85ebca6b) ^ NULL_CELL_TAG;
      continue;
    }
    const values = col.values;
    const start = col.offsets[i];
    const end = col.offsets[i + 1];
    h1 = Math.imul(h1 ^ (end - start), 0x01000193);
    h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x85ebca6b) ^ (end - start);
    for (let b = start; b < end; b++) {
      const byte = values[b];
      h1 = Math.imul(h1 ^ byte, 0x01000193);
      h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x85ebca6b) ^ byte;
    }
  }
  return finishHash(h1, h2);
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
