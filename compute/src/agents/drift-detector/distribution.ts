/**
 * The two distributions a drift test compared, small enough for the report to draw them overlaid:
 * numeric columns as counts over shared equal-width bins, categorical columns as counts of their
 * most common categories (the rest summed as one "other" bucket).
 */
import type * as report from "@agensium/shared";
import type { WeightedSample } from "../../stats/weighted-sample.js";

export type DriftDistribution = report.DriftDistribution;

const CATEGORIES_SHOWN = 20;

/**
 * Counts over `bins` equal-width bins spanning both samples: a picture of the two shapes. (PSI
 * itself is computed over the baseline's deciles; equal widths read better drawn side by side.)
 */
export function numericDistribution(b: WeightedSample, c: WeightedSample, bins: number): DriftDistribution {
  const lo = Math.min(b.values[0] ?? Infinity, c.values[0] ?? Infinity);
  const hi = Math.max(b.values[b.values.length - 1] ?? -Infinity, c.values[c.values.length - 1] ?? -Infinity);
  const width = (hi - lo) / bins;
  const count = (s: WeightedSample) => {
    const out = new Array<number>(bins).fill(0);
    for (let i = 0; i < s.values.length; i++) {
      const bin = width > 0 ? Math.min(bins - 1, Math.floor((s.values[i] - lo) / width)) : 0;
      out[bin] += s.weights[i];
    }
    return out;
  };
  return {
    bin_edges: Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins),
    // Sketch weights are powers of two, so the binned counts are whole numbers already; rounding guards float sums.
    baseline: count(b).map(Math.round),
    current: count(c).map(Math.round),
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
