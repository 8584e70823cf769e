/**
 * Evidently's per-column test choice. Baseline ≤ small_baseline_rows: numeric with > 5 unique
 * values → KS; two categories → Z-test; otherwise the chi² test of the 2×K contingency table.
 * Larger baselines: numeric → Wasserstein distance over the baseline's sample std; categorical →
 * Jensen-Shannon distance. PSI for every column: numeric columns over the baseline's quantile
 * bins (deciles by default), categorical ones per category.
 */
import type * as report from "@agensium/shared";
import type { ProfileMyDataParameters } from "@agensium/shared";
import {
  chiSquareContingency,
  countInBins,
  jensenShannonDistance,
  ksTwoSample,
  populationStabilityIndex,
  quantileEdges,
  twoProportionZTest,
  wassersteinDistance,
} from "../../stats/drift-tests.js";
import type { ColumnAccumulator } from "../unified-profiler/column-accumulator.js";
import { categoricalDistribution, type DriftDistribution, numericDistribution } from "./distribution.js";

type Params = ProfileMyDataParameters["drift-detector"];

export type ColumnDrift = report.ColumnDrift;

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
  let psiEdges: number[] | null = null;
  let distribution: DriftDistribution;
  let result: Omit<ColumnDrift, "psi" | "psi_level" | "psi_edges" | "column" | "kind" | "distribution">;
  if (numeric) {
    psiEdges = quantileEdges((q) => baseline.quantiles.quantile(q), p.psi_bins);
    psi = populationStabilityIndex(countInBins(bSample, psiEdges), countInBins(cSample, psiEdges));
    distribution = numericDistribution(bSample, cSample, p.psi_bins);
    if (small && baseline.values.distinct() > 5) {
      const ks = ksTwoSample(bSample, cSample);
      result = {
        test: "ks",
        statistic: ks.statistic,
        p_value: ks.p_value,
        distance: null,
        threshold: p.p_value_threshold,
        drift: ks.p_value <= p.p_value_threshold,
        dof: null,
        p_value_method: ks.method,
      };
    } else if (!small) {
      const m = baseline.moments;
      // Normalised by the baseline's sample std (ddof = 1), floored at 0.001.
      const norm = Math.max(Math.sqrt(m.n > 1 ? m.m2 / (m.n - 1) : 0), 0.001);
      const distance = wassersteinDistance(bSample, cSample) / norm;
      result = {
        test: "wasserstein_normed",
        statistic: distance,
        p_value: null,
        distance,
        threshold: p.distance_threshold,
        drift: distance >= p.distance_threshold,
        dof: null,
        p_value_method: null,
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
    psi_edges: psiEdges,
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
      dof: null,
      p_value_method: null,
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
      dof: null,
      p_value_method: null,
    };
  }
  const chi = chiSquareContingency(b, c);
  return {
    test: "chi_square" as const,
    statistic: chi.statistic,
    p_value: chi.p_value,
    distance: null,
    threshold: p.p_value_threshold,
    drift: chi.p_value < p.p_value_threshold,
    dof: chi.dof,
    p_value_method: null,
  };
}
