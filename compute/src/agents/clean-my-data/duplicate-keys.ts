/** Row keys and fuzzy values for duplicate-resolver, and the clusters it reports. */
import type * as report from "@agensium/shared";
import type { CleanMyDataParameters } from "@agensium/shared";
import { combineHash, hashBytes } from "../../stats/hash.js";
import type { Utf8Cells } from "../../stats/utf8-column.js";
import { clusterValues } from "./fuzzy-keys.js";
import type { NullMarkers } from "./null-markers.js";
import { cellValue } from "./row-batch.js";

type Params = CleanMyDataParameters["duplicate-resolver"];

/** Distinct fuzzy values clustered at most; beyond, fuzzy matching is reported as skipped. */
export const FUZZY_VALUE_LIMIT = 200_000;
const CLUSTERS_REPORTED = 1_000;
const SPELLINGS_REPORTED = 50;
const NULL_CELL_HASH = 0x1d_f00d;

export type FuzzyCluster = report.FuzzyCluster;

/** A 53-bit hash of a row's key cells; every null (missing, blank or a null marker) hashes alike. */
export function keyHash(cells: Utf8Cells[], keys: number[], i: number, markers: NullMarkers): number {
  let h = 0;
  for (const c of keys) {
    const col = cells[c];
    h = combineHash(h, markers.isNullCell(col, i) ? NULL_CELL_HASH : hashBytes(col.values, col.offsets[i], col.offsets[i + 1]));
  }
  return h;
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
