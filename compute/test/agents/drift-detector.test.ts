/** Drift between a baseline and a current file, with every statistic worked out by hand. */
import { describe, expect, it } from "vitest";
import type { DriftData } from "../../src/agents/drift-detector.js";
import { driftDetector } from "../../src/agents/drift-detector.js";
import { datasetFromColumns } from "../support/dataset.js";
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

    // Every CDF gap between 1..100 and 31..130 is 0.3; λ = √(100·100/200)·0.3, Kolmogorov tail (scipy kstwobign.sf).
    const amount = byColumn.get("amount")!;
    expect(amount.test).toBe("ks");
    expect(amount.statistic).toBeCloseTo(0.3, 12);
    expect(amount.p_value).toBeCloseTo(0.0002468196081728957, 8);
    expect(amount.drift).toBe(true);

    // Expected 50/30/20 against observed 40/40/20: χ² = 100/50 + 100/30 = 16/3, 2 d.f. → p = e^(−8/3) ≈ 0.0695 > 0.05.
    const colour = byColumn.get("colour")!;
    expect(colour.test).toBe("chi_square");
    expect(colour.statistic).toBeCloseTo(16 / 3, 10);
    expect(colour.p_value).toBeCloseTo(Math.exp(-8 / 3), 8);
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
    // Population std of 0..1999 is √((n² − 1)/12); a shift by s moves every quantile by s, so W = s.
    const std = Math.sqrt((n * n - 1) / 12);
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
