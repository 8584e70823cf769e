/**
 * The drift statistics Evidently chooses between: two-sample Kolmogorov-Smirnov (exact below a
 * size bound, as scipy's ks_2samp), chi² test of the 2×K contingency table, two-proportion
 * Z-test, normalised Wasserstein distance, Jensen-Shannon distance and the population
 * stability index over the baseline's deciles.
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

/**
 * Largest sample size for which the KS p-value comes from the exact distribution (scipy's
 * ks_2samp with method="auto" uses the same bound, MAX_AUTO_N).
 */
export const KS_EXACT_MAX_N = 10_000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Exact two-sided P(D ≥ h / lcm(n, m)) under H₀ for samples of sizes n and m: the probability
 * that a uniformly random lattice path from (0, 0) to (n, m) touches |i·m − j·n| ≥ h·g.
 * Probability mass flows along the path (a step right from (i, j) has chance (n − i) /
 * (n + m − i − j)); mass stepping onto the boundary is added to the answer and stops. Summing
 * these positive first-passage terms keeps tiny p-values accurate (no 1 − p cancellation).
 */
export function ksExactSurvival(n: number, m: number, h: number): number {
  if (h <= 0) return 1;
  const g = gcd(n, m);
  const limit = h * g;
  const outside = (i: number, j: number) => Math.abs(i * m - j * n) >= limit;
  // row[j] = mass at (i, j) of paths still inside the band.
  let row = new Float64Array(m + 1);
  let next = new Float64Array(m + 1);
  row[0] = 1;
  let crossed = 0;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i <= n; i++) {
    let newLo = m + 1;
    let newHi = -1;
    for (let j = lo; j <= hi; j++) {
      // Walk within row i first (steps up in j), then pass the rest on to row i + 1.
      const mass = row[j];
      if (mass === 0) continue;
      const left = n + m - i - j;
      if (left === 0) continue;
      if (j < m) {
        const up = (mass * (m - j)) / left;
        if (outside(i, j + 1)) crossed += up;
        else {
          row[j + 1] += up;
          if (j + 1 > hi) hi = j + 1;
        }
      }
      if (i < n) {
        const right = (mass * (n - i)) / left;
        if (outside(i + 1, j)) crossed += right;
        else {
          next[j] += right;
          if (j < newLo) newLo = j;
          if (j > newHi) newHi = j;
        }
      }
    }
    row.fill(0, lo, hi + 1);
    [row, next] = [next, row];
    if (newHi < 0) break;
    lo = newLo;
    hi = newHi;
  }
  return Math.min(1, crossed);
}

function isUnitWeighted(s: WeightedSample): boolean {
  for (let i = 0; i < s.weights.length; i++) if (s.weights[i] !== 1) return false;
  return true;
}

/**
 * Two-sample KS: D = sup |F₁ − F₂|. The p-value is exact (two-sided) when both samples are
 * held exactly and neither exceeds KS_EXACT_MAX_N values, else asymptotic from √(nm/(n+m))·D.
 */
export function ksTwoSample(a: WeightedSample, b: WeightedSample): TestResult & { method: "exact" | "asymptotic" } {
  let d = 0;
  walkCdfs(a, b, (_x, _next, ca, cb) => {
    d = Math.max(d, Math.abs(ca - cb));
  });
  const n = totalWeight(a);
  const m = totalWeight(b);
  if (isUnitWeighted(a) && isUnitWeighted(b) && Math.max(n, m) <= KS_EXACT_MAX_N && n > 0 && m > 0) {
    const lcm = (n / gcd(n, m)) * m;
    const h = Math.round(d * lcm);
    return { statistic: d, p_value: ksExactSurvival(n, m, h), method: "exact" };
  }
  const en = (n * m) / (n + m);
  return { statistic: d, p_value: kolmogorovSurvival(Math.sqrt(en) * d), method: "asymptotic" };
}

/** Upper tail of the chi² distribution with k degrees of freedom. */
export function chiSquareSurvival(x: number, k: number): number {
  return gammaQ(k / 2, x / 2);
}

/**
 * Chi² test of independence on the 2×K table (baseline and current counts per category), as
 * scipy.stats.chi2_contingency: expected = row total × column total / N, dof = K − 1, and
 * Yates' continuity correction only when dof = 1. Categories empty in both are left out.
 */
export function chiSquareContingency(baseline: number[], current: number[]): TestResult & { dof: number } {
  const keep = baseline.map((b, i) => b + current[i] > 0);
  const rows = [baseline.filter((_, i) => keep[i]), current.filter((_, i) => keep[i])];
  const k = rows[0].length;
  const dof = k - 1;
  if (dof < 1) return { statistic: 0, p_value: 1, dof: 0 };
  const rowTotals = rows.map((r) => r.reduce((s, x) => s + x, 0));
  const total = rowTotals[0] + rowTotals[1];
  let statistic = 0;
  for (let c = 0; c < k; c++) {
    const colTotal = rows[0][c] + rows[1][c];
    for (let r = 0; r < 2; r++) {
      const expected = (rowTotals[r] * colTotal) / total;
      if (expected === 0) continue;
      let diff = Math.abs(rows[r][c] - expected);
      if (dof === 1) diff = Math.max(0, diff - 0.5);
      statistic += (diff * diff) / expected;
    }
  }
  return { statistic, p_value: chiSquareSurvival(statistic, dof), dof };
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

/** Weight of a sorted weighted sample at or below x. */
function weightAtOrBelow(s: WeightedSample, x: number): number {
  let lo = 0;
  let hi = s.values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  let w = 0;
  for (let i = 0; i < lo; i++) w += s.weights[i];
  return w;
}

/**
 * Inner bin edges for PSI: the baseline's quantiles at 1/bins … (bins − 1)/bins (deciles for 10
 * bins), with tied edges merged. The bins are (−∞, e₁], (e₁, e₂], …, (e_last, ∞).
 */
export function quantileEdges(quantile: (q: number) => number, bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantile(k / bins);
    if (Number.isFinite(e) && (edges.length === 0 || e > edges[edges.length - 1])) edges.push(e);
  }
  return edges;
}

/** Counts of a sample in the right-closed, open-ended bins that `edges` delimit. */
export function countInBins(s: WeightedSample, edges: number[]): number[] {
  const counts: number[] = [];
  let below = 0;
  for (const e of edges) {
    const upTo = weightAtOrBelow(s, e);
    counts.push(upTo - below);
    below = upTo;
  }
  counts.push(totalWeight(s) - below);
  return counts;
}
