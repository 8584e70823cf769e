/** Drift statistics against values worked out by hand (and cross-checked with scipy). */
import { describe, expect, it } from "vitest";
import {
  chiSquareSurvival,
  chiSquareTest,
  jensenShannonDistance,
  jointBins,
  kolmogorovSurvival,
  ksTwoSample,
  populationStabilityIndex,
  twoProportionZTest,
  wassersteinDistance,
} from "../../src/stats/drift-tests.js";
import { erfc, gammaP, gammaQ } from "../../src/stats/gamma.js";
import { unitSample } from "../../src/stats/weighted-sample.js";

describe("Kolmogorov-Smirnov", () => {
  it("finds D as the largest CDF gap", () => {
    // F_a reaches 2/5 at x = 2 while F_b is still 0; after x = 3: F_a = 3/5, F_b = 1/6 → gap 0.4333;
    // after x = 5: F_a = 1, F_b = 3/6 → gap 0.5, the largest.
    const r = ksTwoSample(unitSample([1, 2, 3, 4, 5]), unitSample([3, 4, 5, 6, 7, 8]));
    expect(r.statistic).toBeCloseTo(0.5, 12);
    // λ = √(5·6/11)·0.5 = 0.8257; Kolmogorov survival Q(λ) (scipy kstwobign.sf) = 0.502914.
    expect(r.p_value).toBeCloseTo(0.502914033641129, 6);
  });

  it("finds D on interleaved samples", () => {
    const r = ksTwoSample(unitSample([0.1, 0.5, 0.9, 1.3, 2.2, 2.4, 3.0, 3.1]), unitSample([1.0, 1.5, 2.0, 2.6, 3.3, 3.9, 4.5]));
    // After 0.9: F_a = 3/8, F_b = 0 …; after 3.1: F_a = 1, F_b = 4/7 → D = 3/7.
    expect(r.statistic).toBeCloseTo(3 / 7, 12);
    expect(r.p_value).toBeCloseTo(0.4992059927548423, 6);
  });

  it("has the Kolmogorov distribution's known tail values", () => {
    expect(kolmogorovSurvival(1.36)).toBeCloseTo(0.0494858767553779, 8);
    expect(kolmogorovSurvival(1.0)).toBeCloseTo(0.2699996716773546, 8);
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 8);
    expect(kolmogorovSurvival(2.0)).toBeCloseTo(0.0006709252557797, 10);
  });
});

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

  it("tests current counts against the baseline's proportions", () => {
    // expected = [50, 30, 20]; χ² = 10²/50 + 10²/30 + 0 = 5.3333; with 2 degrees of freedom p = e^(−χ²/2).
    const r = chiSquareTest([50, 30, 20], [40, 40, 20]);
    expect(r.statistic).toBeCloseTo(16 / 3, 10);
    expect(r.p_value).toBeCloseTo(Math.exp(-8 / 3), 8);
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

  it("bins both samples over their joint range", () => {
    const { baseline, current } = jointBins(unitSample([0, 1, 2, 3]), unitSample([2, 4, 4]), 2);
    // range [0, 4], width 2: baseline 0,1 | 2,3 ; current | 2,4,4
    expect(baseline).toEqual([2, 2]);
    expect(current).toEqual([0, 3]);
  });
});
