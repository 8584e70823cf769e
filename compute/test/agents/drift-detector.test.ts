/** Drift between a baseline and a current file, with every statistic worked out by hand. */
import { describe, expect, it } from "vitest";
import type { DriftData } from "../../src/agents/drift-detector.js";
import { driftDetector } from "../../src/agents/drift-detector.js";
import { datasetFromColumns } from "../support/dataset.js";
import { chi2ContingencyStatistic, ksExactByCounting, psiAtDeciles } from "../support/drift-reference.js";
import { gaussian, seededRandom } from "../support/random.js";
import { runAgent } from "../support/run-agent.js";

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));
const repeat = (parts: [string, number][]) => parts.flatMap(([v, n]) => Array.from({ length: n }, () => v));

describe("drift-detector", () => {
  it("is skipped, not failed, without a baseline", async () => {
    const result = await runAgent(driftDetector, datasetFromColumns({ a: ["1", "2"] }));
    expect(result.status).toBe("skipped");
    expect(result.reason).toMatch(/baseline/);
  });

  it("uses KS, chi² and the Z-test on a small baseline", async () => {
    const baseline = datasetFromColumns(
      {
        amount: range(1, 100),
        colour: repeat([
          ["red", 50],
          ["green", 30],
          ["blue", 20],
        ]),
        member: repeat([
          ["no", 70],
          ["yes", 30],
        ]),
      },
      { role: "baseline" },
    );
    const current = datasetFromColumns({
      amount: range(31, 100),
      colour: repeat([
        ["red", 40],
        ["green", 40],
        ["blue", 20],
      ]),
      member: repeat([
        ["no", 55],
        ["yes", 45],
      ]),
    });
    const { data, alerts } = await runAgent<DriftData>(driftDetector, current, { baseline });
    const byColumn = new Map(data.columns.map((c) => [c.column, c]));

    // Every CDF gap between 1..100 and 31..130 is 0.3; 100 + 100 values → the exact distribution.
    const amount = byColumn.get("amount")!;
    expect(amount.test).toBe("ks");
    expect(amount.statistic).toBeCloseTo(0.3, 12);
    expect(amount.p_value_method).toBe("exact");
    expect(amount.p_value! / ksExactByCounting(100, 100, 0.3)).toBeCloseTo(1, 10);
    expect(amount.drift).toBe(true);

    // 2×3 table: expected 45/35/20 per row, χ² = 2·(25/45 + 25/35), 2 d.f. → p = e^(−χ²/2) ≈ 0.28.
    const colour = byColumn.get("colour")!;
    const chi = 2 * (25 / 45 + 25 / 35);
    expect(colour.test).toBe("chi_square");
    expect(colour.dof).toBe(2);
    expect(colour.statistic).toBeCloseTo(chi, 10);
    expect(colour.p_value).toBeCloseTo(Math.exp(-chi / 2), 8);
    expect(colour.drift).toBe(false);
    // PSI over the three categories (sorted: blue, green, red).
    const psiByHand = (0.2 - 0.2) * Math.log(1) + (0.3 - 0.4) * Math.log(0.3 / 0.4) + (0.5 - 0.4) * Math.log(0.5 / 0.4);
    expect(colour.psi).toBeCloseTo(psiByHand, 12);

    // Share of "no": 0.70 vs 0.55, pooled 0.625 → z = 0.15 / √(0.625·0.375·0.02) = 2.1909, p = 0.02846.
    const member = byColumn.get("member")!;
    expect(member.test).toBe("z_test");
    expect(member.statistic).toBeCloseTo(0.15 / Math.sqrt(0.625 * 0.375 * 0.02), 10);
    expect(member.p_value).toBeCloseTo(0.02845973691631065, 8);
    expect(member.drift).toBe(true);

    // Two of three columns drifted ≥ 50 %: dataset drift.
    expect(data.dataset_drift).toBe(true);
    expect(alerts.some((a) => a.category === "dataset_drift")).toBe(true);
  });

  it("uses normalised Wasserstein and Jensen-Shannon on a large baseline", async () => {
    const n = 2_000;
    const baseline = datasetFromColumns(
      {
        small_shift: range(0, n),
        big_shift: range(0, n),
        plan: repeat([
          ["basic", 1_000],
          ["pro", 1_000],
        ]),
      },
      { role: "baseline", batchSize: 512 },
    );
    const current = datasetFromColumns(
      {
        small_shift: range(50, n),
        big_shift: range(100, n),
        plan: repeat([
          ["basic", 1_800],
          ["pro", 200],
        ]),
      },
      { batchSize: 700 },
    );
    const { data } = await runAgent<DriftData>(driftDetector, current, { baseline });
    const byColumn = new Map(data.columns.map((c) => [c.column, c]));
    // Sample std (ddof = 1) of 0..1999 is √(n(n + 1)/12); a shift by s moves every quantile by s, so W = s.
    const std = Math.sqrt((n * (n + 1)) / 12);
    expect(byColumn.get("small_shift")!.test).toBe("wasserstein_normed");
    expect(byColumn.get("small_shift")!.distance).toBeCloseTo(50 / std, 10);
    expect(byColumn.get("small_shift")!.drift).toBe(false);
    expect(byColumn.get("big_shift")!.distance).toBeCloseTo(100 / std, 10);
    expect(byColumn.get("big_shift")!.drift).toBe(true);
    // JS distance between (0.5, 0.5) and (0.9, 0.1), natural log: m = (0.7, 0.3).
    const kl = (p: number[], m: number[]) => p.reduce((s, pi, i) => s + pi * Math.log(pi / m[i]), 0);
    const js = Math.sqrt(0.5 * kl([0.5, 0.5], [0.7, 0.3]) + 0.5 * kl([0.9, 0.1], [0.7, 0.3]));
    const plan = byColumn.get("plan")!;
    expect(plan.test).toBe("jensen_shannon");
    expect(plan.distance).toBeCloseTo(js, 12);
    expect(plan.drift).toBe(true);
    expect(plan.psi_level).toBe("major");
  });

  it("reports added, removed and retyped columns", async () => {
    const baseline = datasetFromColumns({ id: range(1, 20), old: range(1, 20), code: range(100, 20) }, { role: "baseline" });
    const current = datasetFromColumns({ id: range(1, 20), code: range(100, 20).map((v) => `C-${v}`), fresh: range(1, 20) });
    const { data, alerts } = await runAgent<DriftData>(driftDetector, current, { baseline });
    expect(data.schema.added).toEqual(["fresh"]);
    expect(data.schema.removed).toEqual(["old"]);
    expect(data.schema.retyped).toEqual([{ column: "code", baseline: "integer", current: "string" }]);
    expect(
      alerts
        .filter((a) => a.category === "schema")
        .map((a) => a.field)
        .sort(),
    ).toEqual(["code", "fresh", "old"]);
  });
});

describe("drift-detector against scipy's conventions", () => {
  it("computes numeric PSI at the baseline's deciles and chi² on the contingency table with a new category", async () => {
    const random = seededRandom(21);
    const base = Array.from({ length: 3000 }, () => Math.exp(gaussian(random) * 0.8 + 3));
    const cur = Array.from({ length: 2500 }, () => Math.exp(gaussian(random) * 0.9 + 3.1));
    const format = (x: number) => x.toFixed(4);
    const baseline = datasetFromColumns({ amount: base.map(format) }, { role: "baseline" });
    const { data } = await runAgent<DriftData>(driftDetector, datasetFromColumns({ amount: cur.map(format) }), { baseline });
    const amount = data.columns[0];
    const parsed = (xs: number[]) => xs.map((x) => Number(format(x)));
    expect(amount.psi).toBeCloseTo(psiAtDeciles(parsed(base), parsed(cur)), 10);
    expect(amount.psi_edges).toHaveLength(9);

    // Small baseline, a category that appears only in the current file.
    const plans = (counts: [string, number][]) => repeat(counts);
    const b = [300, 200, 100, 0];
    const c = [280, 210, 90, 20];
    const names = ["basic", "pro", "team", "enterprise"];
    const small = await runAgent<DriftData>(driftDetector, datasetFromColumns({ plan: plans(names.map((nm, i) => [nm, c[i]])) }), {
      baseline: datasetFromColumns({ plan: plans(names.slice(0, 3).map((nm, i) => [nm, b[i]])) }, { role: "baseline" }),
    });
    const plan = small.data.columns[0];
    // Columns sorted by name in the engine; the statistic does not depend on the order.
    expect(plan.test).toBe("chi_square");
    expect(plan.dof).toBe(3);
    expect(plan.statistic).toBeCloseTo(chi2ContingencyStatistic([b, c]), 10);
    expect(plan.statistic).toBeLessThan(40);
  });

  it("does not flag stable columns in small-baseline mode, even against a much larger current file", async () => {
    // Baseline and current drawn from the same distributions: each test should flag about 5 % of
    // the time (its p-value threshold), whatever the size ratio between the files.
    const regions = ["north", "south", "east", "west", "centre", "islands"];
    const weights = [0.3, 0.25, 0.2, 0.15, 0.07, 0.03];
    const draw = (random: () => number, n: number) => {
      const rating: string[] = [];
      const amount: string[] = [];
      const region: string[] = [];
      for (let i = 0; i < n; i++) {
        rating.push(String(1 + Math.min(4, Math.floor(random() * random() * 6))));
        amount.push((50 + 10 * gaussian(random)).toFixed(2));
        let u = random();
        let k = 0;
        while (k < weights.length - 1 && u > weights[k]) u -= weights[k++];
        region.push(regions[k]);
      }
      return { rating, amount, region };
    };
    const runs = 20;
    let flagged = 0;
    let datasetDrift = 0;
    for (let run = 0; run < runs; run++) {
      const baseline = datasetFromColumns(draw(seededRandom(1000 + run), 600), { role: "baseline" });
      const current = datasetFromColumns(draw(seededRandom(5000 + run), 12_000), { batchSize: 4096 });
      const { data } = await runAgent<DriftData>(driftDetector, current, { baseline });
      const tests = data.columns.map((c) => c.test).sort();
      expect(tests).toEqual(["chi_square", "chi_square", "ks"]);
      flagged += data.drifted_columns;
      if (data.dataset_drift) datasetDrift++;
    }
    // 60 tests at 5 %: about 3 false alarms; 8 or more has probability below 0.5 %.
    expect(flagged).toBeLessThan(8);
    expect(datasetDrift).toBeLessThanOrEqual(1);
  }, 60_000);
});

describe("drift-detector and near-unique columns", () => {
  it("leaves near-unique text out of the comparison and says why", async () => {
    const names = (from: number) => Array.from({ length: 40 }, (_, i) => `user-${from + i}`);
    const baseline = datasetFromColumns(
      {
        name: names(0),
        plan: repeat([
          ["a", 20],
          ["b", 20],
        ]),
      },
      { role: "baseline" },
    );
    const { data } = await runAgent<DriftData>(
      driftDetector,
      datasetFromColumns({
        name: names(100),
        plan: repeat([
          ["a", 20],
          ["b", 20],
        ]),
      }),
      { baseline },
    );
    expect(data.columns.map((c) => c.column)).toEqual(["plan"]);
    expect(data.not_compared.map((c) => c.column)).toEqual(["name"]);
    expect(data.drifted_columns).toBe(0);
  });

  it("does not call ids 20001–20030 a retyped column next to ids 1–30", async () => {
    const baseline = datasetFromColumns({ id: range(20_001, 30) }, { role: "baseline" });
    const { data } = await runAgent<DriftData>(driftDetector, datasetFromColumns({ id: range(1, 30) }), { baseline });
    expect(data.schema.retyped).toEqual([]);
    expect(data.columns[0].kind).toBe("numeric");
  });
});
