/**
 * The drift statistics Evidently chooses between: two-sample Kolmogorov-Smirnov, chi² goodness
 * of fit against the baseline's proportions, two-proportion Z-test, normalised Wasserstein
 * distance, Jensen-Shannon distance and the population stability index.
 */
import { erfc, gammaQ } from "./gamma.js";
import { totalWeight, type WeightedSample, walkCdfs } from "./weighted-sample.js";

export interface TestResult {
  statistic: number;
  p_value: number;
}

/** Survival function of the Kolmogorov distribution (scipy kstwobign.sf). */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    // Small λ: the theta-function form converges where the alternating series does not.
    const y = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    let sum = 0;
    for (let j = 1; j < 50; j += 2) sum += y ** (j * j);
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  }
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += (j % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.max(0, Math.min(1, 2 * sum));
}

/** Two-sample KS: D = sup |F₁ − F₂|, p from the asymptotic distribution of √(nm/(n+m))·D. */
export function ksTwoSample(a: WeightedSample, b: WeightedSample): TestResult {
  let d = 0;
  walkCdfs(a, b, (_x, _next, ca, cb) => {
    d = Math.max(d, Math.abs(ca - cb));
  });
  const n = totalWeight(a);
  const m = totalWeight(b);
  const en = (n * m) / (n + m);
  return { statistic: d, p_value: kolmogorovSurvival(Math.sqrt(en) * d) };
}

/** Upper tail of the chi² distribution with k degrees of freedom. */
export function chiSquareSurvival(x: number, k: number): number {
  return gammaQ(k / 2, x / 2);
}

/**
 * Chi² goodness of fit of the current counts against the baseline's proportions (Evidently:
 * expected = baseline count × n_current / n_baseline). A category absent from the baseline
 * gets a floor of 1e-4 expected share so the statistic stays finite (and large).
 */
export function chiSquareTest(baseline: number[], current: number[]): TestResult {
  const nb = baseline.reduce((s, x) => s + x, 0);
  const nc = current.reduce((s, x) => s + x, 0);
  let statistic = 0;
  for (let i = 0; i < baseline.length; i++) {
    const expected = Math.max(baseline[i] / nb, 1e-4) * nc;
    statistic += (current[i] - expected) ** 2 / expected;
  }
  const df = Math.max(1, baseline.length - 1);
  return { statistic, p_value: chiSquareSurvival(statistic, df) };
}

/** Two-proportion Z-test with pooled proportion, two-sided (Evidently's z-test for binary columns). */
export function twoProportionZTest(successesA: number, nA: number, successesB: number, nB: number): TestResult {
  const pA = successesA / nA;
  const pB = successesB / nB;
  const pooled = (successesA + successesB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (se === 0) return { statistic: 0, p_value: 1 };
  const z = (pA - pB) / se;
  return { statistic: z, p_value: erfc(Math.abs(z) / Math.SQRT2) };
}

/** First Wasserstein distance between two empirical distributions: ∫ |F₁(x) − F₂(x)| dx. */
export function wassersteinDistance(a: WeightedSample, b: WeightedSample): number {
  let area = 0;
  walkCdfs(a, b, (x, next, ca, cb) => {
    if (Number.isFinite(next)) area += Math.abs(ca - cb) * (next - x);
  });
  return area;
}

/** Jensen-Shannon distance (natural log, as scipy.spatial.distance.jensenshannon). */
export function jensenShannonDistance(p: number[], q: number[]): number {
  const sp = p.reduce((s, x) => s + x, 0);
  const sq = q.reduce((s, x) => s + x, 0);
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sp;
    const qi = q[i] / sq;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += 0.5 * pi * Math.log(pi / mi);
    if (qi > 0) divergence += 0.5 * qi * Math.log(qi / mi);
  }
  return Math.sqrt(Math.max(0, divergence));
}

/** Population stability index over matching bins; empty bins count as 0.0001 (Evidently). */
export function populationStabilityIndex(baseline: number[], current: number[]): number {
  const sb = baseline.reduce((s, x) => s + x, 0);
  const sc = current.reduce((s, x) => s + x, 0);
  let psi = 0;
  for (let i = 0; i < baseline.length; i++) {
    const b = baseline[i] / sb || 0.0001;
    const c = current[i] / sc || 0.0001;
    psi += (b - c) * Math.log(b / c);
  }
  return psi;
}

/** Counts of both samples in equal-width bins over their joint range (numpy.histogram_bin_edges). */
export function jointBins(a: WeightedSample, b: WeightedSample, bins: number): { baseline: number[]; current: number[] } {
  const lo = Math.min(a.values[0] ?? Infinity, b.values[0] ?? Infinity);
  const hi = Math.max(a.values[a.values.length - 1] ?? -Infinity, b.values[b.values.length - 1] ?? -Infinity);
  const count = (s: WeightedSample) => {
    const out = new Array<number>(bins).fill(0);
    const width = (hi - lo) / bins;
    for (let i = 0; i < s.values.length; i++) {
      const bin = width > 0 ? Math.min(bins - 1, Math.floor((s.values[i] - lo) / width)) : 0;
      out[bin] += s.weights[i];
    }
    return out;
  };
  return { baseline: count(a), current: count(b) };
}
