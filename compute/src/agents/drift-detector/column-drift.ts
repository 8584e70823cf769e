/**
 * Evidently's per-column test choice. Baseline ≤ small_baseline_rows: numeric with > 5 unique
 * values → KS; two categories → Z-test; otherwise chi². Larger baselines: numeric → Wasserstein
 * distance over the baseline's std; categorical → Jensen-Shannon distance. PSI for every column.
 */
import type { ProfileMyDataParameters } from "@agensium/shared";
import {
  chiSquareTest,
  jensenShannonDistance,
  jointBins,
  ksTwoSample,
  populationStabilityIndex,
  twoProportionZTest,
  wassersteinDistance,
} from "../../stats/drift-tests.js";
import type { ColumnAccumulator } from "../unified-profiler/column-accumulator.js";
import { categoricalDistribution, type DriftDistribution, numericDistribution } from "./distribution.js";

type Params = ProfileMyDataParameters["drift-detector"];

export interface ColumnDrift {
  column: string;
  kind: "numeric" | "categorical";
  test: "ks" | "z_test" | "chi_square" | "wasserstein_normed" | "jensen_shannon";
  statistic: number;
  p_value: number | null;
  distance: number | null;
  threshold: number;
  drift: boolean;
  psi: number;
  psi_level: "none" | "moderate" | "major";
  /** What was compared, for the report's overlaid chart. */
  distribution: DriftDistribution;
}

function categoryCounts(baseline: ColumnAccumulator, current: ColumnAccumulator): { keys: string[]; b: number[]; c: number[] } {
  const b = new Map(baseline.values.all().map((v) => [v.value, v.count]));
  const c = new Map(current.values.all().map((v) => [v.value, v.count]));
  const keys = [...new Set([...b.keys(), ...c.keys()])].sort();
  return { keys, b: keys.map((k) => b.get(k) ?? 0), c: keys.map((k) => c.get(k) ?? 0) };
}

export function columnDrift(
  column: string,
  numeric: boolean,
  baseline: ColumnAccumulator,
  current: ColumnAccumulator,
  baselineRows: number,
  p: Params,
): ColumnDrift {
  const small = baselineRows <= p.small_baseline_rows;
  const bSample = baseline.quantiles.weighted();
  const cSample = current.quantiles.weighted();
  let psi: number;
  let distribution: DriftDistribution;
  let result: Omit<ColumnDrift, "psi" | "psi_level" | "column" | "kind" | "distribution">;
  if (numeric) {
    const bins = jointBins(bSample, cSample, p.psi_bins);
    psi = populationStabilityIndex(bins.baseline, bins.current);
    distribution = numericDistribution(bSample, cSample, bins);
    if (small && baseline.values.distinct() > 5) {
      const ks = ksTwoSample(bSample, cSample);
      result = {
        test: "ks",
        statistic: ks.statistic,
        p_value: ks.p_value,
        distance: null,
        threshold: p.p_value_threshold,
        drift: ks.p_value <= p.p_value_threshold,
      };
    } else if (!small) {
      const m = baseline.moments;
      // Evidently normalises by the baseline's population std, floored at 0.001.
      const norm = Math.max(Math.sqrt(m.m2 / m.n), 0.001);
      const distance = wassersteinDistance(bSample, cSample) / norm;
      result = {
        test: "wasserstein_normed",
        statistic: distance,
        p_value: null,
        distance,
        threshold: p.distance_threshold,
        drift: distance >= p.distance_threshold,
      };
    } else result = categoricalTest(baseline, current, small, p);
  } else {
    const { keys, b, c } = categoryCounts(baseline, current);
    psi = populationStabilityIndex(b, c);
    distribution = categoricalDistribution(keys, b, c);
    result = categoricalTest(baseline, current, small, p);
  }
  return {
    column,
    kind: numeric ? "numeric" : "categorical",
    ...result,
    psi,
    psi_level: psi >= p.psi_major_threshold ? "major" : psi >= p.psi_threshold ? "moderate" : "none",
    distribution,
  };
}

function categoricalTest(baseline: ColumnAccumulator, current: ColumnAccumulator, small: boolean, p: Params) {
  const { keys, b, c } = categoryCounts(baseline, current);
  if (!small) {
    const distance = jensenShannonDistance(b, c);
    return {
      test: "jensen_shannon" as const,
      statistic: distance,
      p_value: null,
      distance,
      threshold: p.distance_threshold,
      drift: distance >= p.distance_threshold,
    };
  }
  if (keys.length === 2) {
    const nb = b[0] + b[1];
    const nc = c[0] + c[1];
    const z = twoProportionZTest(b[0], nb, c[0], nc);
    return {
      test: "z_test" as const,
      statistic: z.statistic,
      p_value: z.p_value,
      distance: null,
      threshold: p.p_value_threshold,
      drift: z.p_value <= p.p_value_threshold,
    };
  }
  const chi = chiSquareTest(b, c);
  return {
    test: "chi_square" as const,
    statistic: chi.statistic,
    p_value: chi.p_value,
    distance: null,
    threshold: p.p_value_threshold,
    drift: chi.p_value < p.p_value_threshold,
  };
}
