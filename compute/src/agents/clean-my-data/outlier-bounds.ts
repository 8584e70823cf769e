/**
 * The fences beyond which a value is an outlier, from one pass of statistics per column:
 * z-score (mean ± t·s, sample standard deviation as pandas), modified z-score (Iglewicz and
 * Hoaglin: median ± t·MAD/0.6745) and Tukey's IQR (Q1 − k·IQR, Q3 + k·IQR, quantiles
 * interpolated as pandas), and IQR on the logarithm (log_iqr) for skewed positive data, where
 * fences on the raw values would flag the ordinary long tail.
 */
import type { CleanMyDataParameters } from "@agensium/shared";
import type { Moments } from "../../stats/moments.js";
import { interpolatedQuantile, type QuantileSketch } from "../../stats/quantiles.js";

type Params = CleanMyDataParameters["outlier-remover"];
export type OutlierMethod = Exclude<Params["method"], "auto">;

export interface Bounds {
  lower: number;
  upper: number;
  /** The statistics the bounds came from, for the report and the recipe. */
  center: number;
  spread: number;
}

/** Median absolute deviation: exact while the sketch holds every value, else from its weighted sample. */
export function medianAbsoluteDeviation(sketch: QuantileSketch, median: number): number {
  const { values, weights } = sketch.weighted();
  const deviations = Array.from(values, (v, i) => [Math.abs(v - median), weights[i]] as const).sort((a, b) => a[0] - b[0]);
  if (sketch.exact)
    return interpolatedQuantile(
      deviations.map((d) => d[0]),
      0.5,
    );
  const total = deviations.reduce((s, d) => s + d[1], 0);
  let cumulative = 0;
  for (const [deviation, weight] of deviations) {
    cumulative += weight;
    if (cumulative >= total / 2) return deviation;
  }
  return Number.NaN;
}

/** The method for one column: the one asked for, or with auto log_iqr for skewed positive columns and IQR otherwise. */
export function methodFor(p: Params, moments: Moments, allPositive: boolean): OutlierMethod {
  if (p.method !== "auto") return p.method;
  return allPositive && moments.n >= 3 && moments.skewness > p.skew_threshold ? "log_iqr" : "iqr";
}

/**
 * null when the column has too few values or no spread (nothing can stand out). log_iqr needs
 * every value positive (`allPositive`): its quartiles are the logarithms' (from the same sketch),
 * and its fences are turned back into values.
 */
export function outlierBounds(
  p: Params,
  method: OutlierMethod,
  moments: Moments,
  sketch: QuantileSketch,
  allPositive: boolean,
): Bounds | null {
  if (moments.n < 3) return null;
  switch (method) {
    case "log_iqr": {
      if (!allPositive || sketch.count < 3) return null;
      const q1 = sketch.logQuantile(0.25);
      const q3 = sketch.logQuantile(0.75);
      const iqr = q3 - q1;
      if (!(iqr > 0)) return null;
      return {
        lower: Math.exp(q1 - p.iqr_multiplier * iqr),
        upper: Math.exp(q3 + p.iqr_multiplier * iqr),
        center: Math.exp((q1 + q3) / 2),
        spread: iqr,
      };
    }
    case "zscore": {
      const std = moments.std;
      if (!(std > 0)) return null;
      return {
        lower: moments.mean - p.zscore_threshold * std,
        upper: moments.mean + p.zscore_threshold * std,
        center: moments.mean,
        spread: std,
      };
    }
    case "modified_zscore": {
      const median = sketch.quantile(0.5);
      const mad = medianAbsoluteDeviation(sketch, median);
      if (!(mad > 0)) return null;
      const reach = (p.modified_zscore_threshold * mad) / 0.6745;
      return { lower: median - reach, upper: median + reach, center: median, spread: mad };
    }
    case "iqr": {
      const q1 = sketch.quantile(0.25);
      const q3 = sketch.quantile(0.75);
      const iqr = q3 - q1;
      if (!(iqr > 0)) return null;
      return { lower: q1 - p.iqr_multiplier * iqr, upper: q3 + p.iqr_multiplier * iqr, center: (q1 + q3) / 2, spread: iqr };
    }
  }
}
