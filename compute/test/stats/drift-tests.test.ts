/** Drift statistics against values worked out by hand (and cross-checked with scipy). */
import { describe, expect, it } from "vitest";
import {
  chiSquareContingency,
  chiSquareSurvival,
  countInBins,
  jensenShannonDistance,
  KS_EXACT_MAX_N,
  kolmogorovSurvival,
  ksExactSurvival,
  ksTwoSample,
  populationStabilityIndex,
  quantileEdges,
  twoProportionZTest,
  wassersteinDistance,
} from "../../src/stats/drift-tests.js";
import { erfc, gammaP, gammaQ } from "../../src/stats/gamma.js";
import { unitSample } from "../../src/stats/weighted-sample.js";
import { ksExactByCounting, numpyQuantile } from "../support/drift-reference.js";
import { gaussian, seededRandom } from "../support/random.js";

describe("Kolmogorov-Smirnov", () => {
  it("finds D as the largest CDF gap", () => {
    // F_a reaches 2/5 at x = 2 while F_b is still 0; after x = 3: F_a = 3/5, F_b = 1/6 → gap 0.4333;
    // after x = 5: F_a = 1, F_b = 3/6 → gap 0.5, the largest.
    const r = ksTwoSample(unitSample([1, 2, 3, 4, 5]), unitSample([3, 4, 5, 6, 7, 8]));
    expect(r.statistic).toBeCloseTo(0.5, 12);
    // Small samples: the exact distribution (scipy ks_2samp method="auto" picks "exact" here).
    expect(r.method).toBe("exact");
    expect(r.p_value).toBeCloseTo(ksExactByCounting(5, 6, 0.5), 12);
  });

  it("finds D on interleaved samples", () => {
    const r = ksTwoSample(unitSample([0.1, 0.5, 0.9, 1.3, 2.2, 2.4, 3.0, 3.1]), unitSample([1.0, 1.5, 2.0, 2.6, 3.3, 3.9, 4.5]));
    // After 0.9: F_a = 3/8, F_b = 0 …; after 3.1: F_a = 1, F_b = 4/7 → D = 3/7.
    expect(r.statistic).toBeCloseTo(3 / 7, 12);
    expect(r.p_value).toBeCloseTo(ksExactByCounting(8, 7, 3 / 7), 12);
  });

  it("matches the exact path count where the asymptotic formula is orders of magnitude off", () => {
    // Disjoint samples of 12 and 9: D = 1, exact p = 2 / C(21, 9); the asymptotic tail is ~1e-4 instead.
    const a = unitSample(Array.from({ length: 12 }, (_, i) => i));
    const b = unitSample(Array.from({ length: 9 }, (_, i) => 100 + i));
    const r = ksTwoSample(a, b);
    const exact = ksExactByCounting(12, 9, 1);
    expect(exact).toBeCloseTo(2 / 293_930, 15);
    expect(r.p_value / exact).toBeCloseTo(1, 10);
    const asymptotic = kolmogorovSurvival(Math.sqrt((12 * 9) / 21));
    expect(asymptotic / exact).toBeGreaterThan(10);
    // Random samples of unequal sizes, every possible D: exact survival equals the path count.
    const random = seededRandom(11);
    for (const [n, m] of [
      [30, 45],
      [40, 40],
      [17, 60],
    ]) {
      const x = unitSample(Array.from({ length: n }, () => gaussian(random)));
      const y = unitSample(Array.from({ length: m }, () => gaussian(random) + 0.6));
      const ks = ksTwoSample(x, y);
      const ref = ksExactByCounting(n, m, ks.statistic);
      expect(Math.abs(ks.p_value - ref) / ref).toBeLessThan(1e-9);
      for (const h of [1, 5, 20]) {
        const lcm = (n * m) / gcdOf(n, m);
        const tail = ksExactSurvival(n, m, h);
        expect(tail).toBeCloseTo(ksExactByCounting(n, m, h / lcm), 12);
      }
    }
  });

  it("falls back to the asymptotic distribution above the size bound", () => {
    const n = KS_EXACT_MAX_N + 1;
    const a = unitSample(Array.from({ length: n }, (_, i) => i));
    const b = unitSample(Array.from({ length: 50 }, (_, i) => i * 100));
    const r = ksTwoSample(a, b);
    expect(r.method).toBe("asymptotic");
    expect(r.p_value).toBeCloseTo(kolmogorovSurvival(Math.sqrt((n * 50) / (n + 50)) * r.statistic), 12);
  });

  it("has the Kolmogorov distribution's known tail values", () => {
    expect(kolmogorovSurvival(1.36)).toBeCloseTo(0.0494858767553779, 8);
    expect(kolmogorovSurvival(1.0)).toBeCloseTo(0.2699996716773546, 8);
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 8);
    expect(kolmogorovSurvival(2.0)).toBeCloseTo(0.0006709252557797, 10);
  });
});

function gcdOf(a: number, b: number): number {
  return b === 0 ? a : gcdOf(b, a % b);
}

describe("chi² and the incomplete gamma function", () => {
  it("gives the textbook critical values", () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 8);
    expect(chiSquareSurvival(10, 4)).toBeCloseTo(0.04042768199451279, 8);
    expect(chiSquareSurvival(25, 10)).toBeCloseTo(0.005345505487134069, 8);
    expect(chiSquareSurvival(0.5, 3)).toBeCloseTo(0.9188914116546758, 8);
    expect(gammaP(2, 3) + gammaQ(2, 3)).toBeCloseTo(1, 12);
    // P(1, x) = 1 − e^(−x)
    expect(gammaP(1, 0.7)).toBeCloseTo(1 - Math.exp(-0.7), 9);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 9);
  });

  it("tests the 2×K contingency table (scipy.stats.chi2_contingency)", () => {
    // Column totals 90, 70, 40 over 200: expected 45, 35, 20 in each row; χ² = 2·(25/45 + 25/35);
    // 2 degrees of freedom → p = e^(−χ²/2).
    const r = chiSquareContingency([50, 30, 20], [40, 40, 20]);
    const chi = 2 * (25 / 45 + 25 / 35);
    expect(r.dof).toBe(2);
    expect(r.statistic).toBeCloseTo(chi, 12);
    expect(r.p_value).toBeCloseTo(Math.exp(-chi / 2), 10);
  });

  it("applies Yates' correction at one degree of freedom only", () => {
    // 2×2: rows 100/100, columns 75/125 → expected 37.5 / 62.5; |O − E| = 7.5 → 7 after Yates.
    const r = chiSquareContingency([30, 70], [45, 55]);
    expect(r.dof).toBe(1);
    expect(r.statistic).toBeCloseTo(2 * (49 / 37.5 + 49 / 62.5), 12);
    // A category new in the current file is one more column, not an exploding term.
    const baseline = [500, 300, 200, 0];
    const current = [480, 310, 190, 20];
    const withNew = chiSquareContingency(baseline, current);
    const n = 2000;
    let byHand = 0;
    for (let c = 0; c < 4; c++) {
      const col = baseline[c] + current[c];
      for (const [row, total] of [
        [baseline[c], 1000],
        [current[c], 1000],
      ]) {
        const e = (total * col) / n;
        byHand += (row - e) ** 2 / e;
      }
    }
    expect(withNew.dof).toBe(3);
    expect(withNew.statistic).toBeCloseTo(byHand, 10);
    expect(withNew.statistic).toBeLessThan(30);
  });
});

describe("two-proportion Z-test", () => {
  it("pools the proportions", () => {
    // p = 0.375 pooled; se = √(0.375·0.625·0.02) = 0.0684653; z = −0.15 / se.
    const r = twoProportionZTest(30, 100, 45, 100);
    expect(r.statistic).toBeCloseTo(-0.15 / Math.sqrt(0.375 * 0.625 * 0.02), 10);
    expect(r.p_value).toBeCloseTo(0.02845973691631065, 8);
  });
});

describe("distances", () => {
  it("Wasserstein: a shift by 5 costs 5; uneven samples integrate |F₁ − F₂|", () => {
    expect(wassersteinDistance(unitSample([0, 1, 3]), unitSample([5, 6, 8]))).toBeCloseTo(5, 12);
    // F_a − F_b: on [0,1) 1/3, [1,2) 2/3 − 1/2 = 1/6, [2,3) 2/3 − 1 = −1/3 → 1/3 + 1/6 + 1/3 = 5/6.
    expect(wassersteinDistance(unitSample([0, 1, 3]), unitSample([1, 2]))).toBeCloseTo(5 / 6, 12);
    expect(wassersteinDistance(unitSample([1, 2, 2, 7]), unitSample([3, 3, 4]))).toBeCloseTo(1.8333333333333335, 12);
  });

  it("Jensen-Shannon distance: disjoint distributions are √ln 2 apart", () => {
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 12);
    expect(jensenShannonDistance([0.5, 0.5], [0.9, 0.1])).toBeCloseTo(0.31898154347735663, 10);
    expect(jensenShannonDistance([3, 3], [6, 6])).toBeCloseTo(0, 12);
  });

  it("PSI sums (b − c)·ln(b / c) and floors empty bins at 0.0001", () => {
    // 0.15·ln 2.5 + 0.05·ln 1.25 − 0.05·ln(5/6) − 0.15·ln 0.625
    const byHand = 0.15 * Math.log(2.5) + 0.05 * Math.log(1.25) - 0.05 * Math.log(0.25 / 0.3) - 0.15 * Math.log(0.625);
    expect(populationStabilityIndex([25, 25, 25, 25], [10, 20, 30, 40])).toBeCloseTo(byHand, 12);
    expect(populationStabilityIndex([50, 50, 0], [40, 40, 20])).toBeCloseTo(1.5640491119253044, 10);
  });

  it("bins at the baseline's deciles: right-closed, open ends, tied edges merged", () => {
    const random = seededRandom(5);
    const base = Array.from({ length: 997 }, () => Math.exp(gaussian(random)));
    const cur = Array.from({ length: 1303 }, () => Math.exp(gaussian(random) * 1.2 + 0.1));
    const sorted = [...base].sort((x, y) => x - y);
    const edges = quantileEdges((q) => numpyQuantile(sorted, q), 10);
    expect(edges).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => numpyQuantile(sorted, k / 10)));
    // Counted one value at a time: bin k holds e_(k−1) < x ≤ e_k.
    const byHand = (xs: number[]) => {
      const counts = new Array(10).fill(0);
      for (const x of xs) {
        let k = 0;
        while (k < 9 && x > edges[k]) k++;
        counts[k]++;
      }
      return counts;
    };
    expect(countInBins(unitSample(base), edges)).toEqual(byHand(base));
    expect(countInBins(unitSample(cur), edges)).toEqual(byHand(cur));
    // Tied deciles (half the baseline is 0) merge into one edge; values equal to an edge fall at or below it.
    const tied = [...new Array(50).fill(0), ...Array.from({ length: 50 }, (_, i) => i + 1)];
    const tiedEdges = quantileEdges((q) => numpyQuantile(tied, q), 10);
    expect(tiedEdges[0]).toBe(0);
    expect(new Set(tiedEdges).size).toBe(tiedEdges.length);
    // q.1–q.4 are 0, q.5 = (0 + 1) / 2, then q.6 … q.9: six distinct edges, seven bins.
    expect(tiedEdges.length).toBe(6);
    expect(tiedEdges.slice(0, 2)).toEqual([0, 0.5]);
    expect(countInBins(unitSample([0, 0, 0, 100]), tiedEdges)).toEqual([3, 0, 0, 0, 0, 0, 1]);
  });
});
