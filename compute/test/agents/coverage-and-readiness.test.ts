/** Suggested checks and their contract; the readiness score and grade, recomputed by hand. */
import { dataContract } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { driftDetector } from "../../src/agents/drift-detector.js";
import type { ReadinessData } from "../../src/agents/readiness-rater.js";
import { readinessRater } from "../../src/agents/readiness-rater.js";
import type { TestCoverageData } from "../../src/agents/test-coverage-agent.js";
import { testCoverageAgent } from "../../src/agents/test-coverage-agent.js";
import { datasetFromColumns } from "../support/dataset.js";
import { asOutput, runAgent } from "../support/run-agent.js";

const n = 20;
const coverageData = () =>
  datasetFromColumns({
    id: Array.from({ length: n }, (_, i) => String(i + 1)),
    status: [...Array(12).fill("active"), ...Array(4).fill("inactive"), "pending", "pending", "", ""],
    note: ["see file", "Call back!", "x-1", ...Array(n - 3).fill(null)],
    zip: Array.from({ length: n }, (_, i) => `0${2100 + i}`),
    delta: Array.from({ length: n }, (_, i) => String(i - 5)),
    order_ref: Array.from({ length: n }, (_, i) => `R${i === 7 ? 3 : i}`),
  });

describe("test-coverage-agent", () => {
  it("suggests Deequ's checks, evaluates them and reports coverage", async () => {
    const { data, alerts, files } = await runAgent<TestCoverageData>(testCoverageAgent, coverageData());
    const checks = (column: string) => Object.fromEntries(data.checks.filter((c) => c.column === column).map((c) => [c.check, c.status]));
    expect(checks("id")).toEqual({ is_complete: "passed", is_unique: "passed", is_non_negative: "passed", has_type: "passed" });
    // 18 of 20 present: Wald lower bound 0.9 − 1.96·√(0.9·0.1/20) = 0.7685 → 0.76
    const completeness = data.checks.find((c) => c.column === "status" && c.check === "has_completeness")!;
    expect(completeness.argument).toBe(0.76);
    expect(completeness.status).toBe("passed");
    expect(data.checks.find((c) => c.column === "status" && c.check === "is_contained_in")!.argument).toEqual([
      "active",
      "inactive",
      "pending",
    ]);
    // 3 of 20 present is below the 0.2 completeness floor; three one-off texts give no other check.
    expect(checks("note")).toEqual({ has_type: "passed" });
    expect(checks("zip").matches_pattern).toBe("passed");
    expect(checks("delta").is_non_negative).toBeUndefined();
    // 19 distinct of 20: |1 − 19/20| ≤ 0.08 suggests uniqueness, which then fails.
    expect(checks("order_ref").is_unique).toBe("failed");
    expect(alerts.some((a) => a.field === "order_ref" && a.metric === "is_unique")).toBe(true);
    // Covered: id, status, zip, delta, order_ref (is_complete) — not note → 5/6.
    expect(data.uncovered_columns).toEqual(["note"]);
    expect(data.coverage_percent).toBe(83.3);

    const contract = dataContract.parse(JSON.parse(JSON.stringify(data.contract)));
    const id = contract.columns.find((c) => c.name === "id")!;
    expect(id).toMatchObject({ type: "integer", not_null: true, unique: true, min: 0 });
    expect(contract.columns.find((c) => c.name === "zip")).toMatchObject({ type: "string", pattern: "^[0-9]{5}$", max_length: 5 });
    expect(contract.columns.find((c) => c.name === "status")!.allowed_values).toEqual(["active", "inactive", "pending"]);
    const file = files!.find((f) => f.fileName === "data_contract.json")!;
    let text = "";
    for await (const chunk of file.chunks()) text += new TextDecoder().decode(chunk);
    expect(JSON.parse(text)).toEqual(data.contract);
  });
});

describe("readiness-rater", () => {
  // 20 rows: a has 4 empty cells; b has 2 padded values and one "NA"; c has one stray text;
  // rows 19 and 20 repeat rows 1 and 2.
  const a = Array.from({ length: n }, (_, i) => (i >= 10 && i < 14 ? "" : `a${i % 18}`));
  const b = Array.from({ length: n }, (_, i) => (i === 5 ? " padded" : i === 6 ? "padded " : i === 8 ? "NA" : `b${i % 18}`));
  const c = Array.from({ length: n }, (_, i) => (i === 9 ? "x" : String(i % 18)));
  const ds = () => datasetFromColumns({ a, b, c });

  it("scores each dimension and the weighted whole", async () => {
    const { data } = await runAgent<ReadinessData>(readinessRater, ds());
    const dims = Object.fromEntries(data.dimensions.map((d) => [d.dimension, d.score]));
    const cells = 60;
    const expected = {
      completeness: 100 * (1 - 5 / cells),
      validity: 100 * (1 - 1 / (cells - 5)),
      uniqueness: 100 * (1 - 2 / n),
      consistency: 100 * (1 - 3 / cells),
      pii_risk: 100,
    };
    for (const [k, v] of Object.entries(expected)) expect(Math.abs(dims[k] - v), k).toBeLessThanOrEqual(0.05);
    expect(data.dimensions.find((d) => d.dimension === "drift")!.measured).toBe(false);
    const w = { completeness: 0.25, validity: 0.2, uniqueness: 0.15, consistency: 0.15, pii_risk: 0.15 };
    const overall = Object.entries(w).reduce((s, [k, wk]) => s + wk * expected[k as keyof typeof expected], 0) / 0.9;
    expect(Math.abs(data.overall - overall)).toBeLessThanOrEqual(0.1);
    expect(data.grade).toBe("ready");
    expect(data.top_reasons[0]).toMatch(/^completeness/);
  });

  it("grades by the thresholds", async () => {
    const review = await runAgent<ReadinessData>(readinessRater, ds(), { parameters: { ready_threshold: 99 } });
    expect(review.data.grade).toBe("needs_review");
    const notReady = await runAgent<ReadinessData>(readinessRater, ds(), { parameters: { ready_threshold: 99.5, review_threshold: 99 } });
    expect(notReady.data.grade).toBe("not_ready");
    // Ten identical rows, half the cells empty, a card number in every row:
    // (0.25·50 + 0.2·100 + 0.15·10 + 0.15·100 + 0.15·0) / 0.9 = 54.4 → not ready by default.
    const bad = datasetFromColumns({ empty: Array(10).fill(""), card: Array(10).fill("4111111111111111") });
    const { data } = await runAgent<ReadinessData>(readinessRater, bad);
    expect(data.overall).toBeCloseTo(54.4, 1);
    expect(data.grade).toBe("not_ready");
  });

  it("includes drift when the drift-detector ran", async () => {
    const baseline = datasetFromColumns({ a: a.map((_, i) => `z${i % 3}`), b, c }, { role: "baseline" });
    const drift = await runAgent(driftDetector, ds(), { baseline });
    const driftShare = (drift.data as { drift_share: number }).drift_share;
    const { data } = await runAgent<ReadinessData>(readinessRater, ds(), {
      previous: new Map([["drift-detector", asOutput("drift-detector", drift)]]),
    });
    const d = data.dimensions.find((x) => x.dimension === "drift")!;
    expect(d.measured).toBe(true);
    expect(d.score).toBeCloseTo(100 * (1 - driftShare), 1);
    expect(driftShare).toBeGreaterThan(0);
  });
});
