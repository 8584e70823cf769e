/**
 * The two distributions a drift test compared, small enough for the report to draw them overlaid:
 * numeric columns as counts over shared equal-width bins, categorical columns as counts of their
 * most common categories (the rest summed as one "other" bucket).
 */
import { countInBins } from "../../stats/drift-tests.js";
import type { WeightedSample } from "../../stats/weighted-sample.js";

export interface DriftDistribution {
  /** Numeric: bins + 1 edges. */
  bin_edges?: number[];
  /** Categorical: the categories shown, most common first. */
  categories?: string[];
  /** Categorical: how many values fell outside the categories shown, per side. */
  other?: { baseline: number; current: number };
  baseline: number[];
  current: number[];
}

const CATEGORIES_SHOWN = 20;

/** Equal-width bins over both samples' range (PSI's quantile bins would draw every baseline bar the same height). */
export function numericDistribution(b: WeightedSample, c: WeightedSample, bins: number): DriftDistribution {
  const lo = Math.min(b.values[0] ?? Infinity, c.values[0] ?? Infinity);
  const hi = Math.max(b.values[b.values.length - 1] ?? -Infinity, c.values[c.values.length - 1] ?? -Infinity);
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  const inner = hi > lo ? edges.slice(1, -1) : [];
  const pad = (counts: number[]) => (counts.length === bins ? counts : [...counts, ...new Array(bins - counts.length).fill(0)]);
  return {
    bin_edges: edges,
    // Sketch weights are powers of two, so the counts are whole numbers already; rounding guards float sums.
    baseline: pad(countInBins(b, inner).map(Math.round)),
    current: pad(countInBins(c, inner).map(Math.round)),
  };
}

export function categoricalDistribution(keys: string[], baseline: number[], current: number[]): DriftDistribution {
  const order = keys.map((_, i) => i).sort((x, y) => baseline[y] + current[y] - (baseline[x] + current[x]) || (keys[x] < keys[y] ? -1 : 1));
  const shown = order.slice(0, CATEGORIES_SHOWN);
  const rest = order.slice(CATEGORIES_SHOWN);
  const sum = (side: number[]) => rest.reduce((s, i) => s + side[i], 0);
  return {
    categories: shown.map((i) => keys[i]),
    baseline: shown.map((i) => baseline[i]),
    current: shown.map((i) => current[i]),
    ...(rest.length > 0 ? { other: { baseline: sum(baseline), current: sum(current) } } : {}),
  };
}
