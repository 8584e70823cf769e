/** What a user sees in the profile of a small file whose every figure is worked out by hand. */
import { describe, expect, it } from "vitest";
import type { ProfilerData } from "../../src/agents/unified-profiler.js";
import { unifiedProfiler } from "../../src/agents/unified-profiler.js";
import { datasetFromColumns } from "../support/dataset.js";
import { runAgent } from "../support/run-agent.js";

const n = 40;
const zips = Array.from({ length: n }, (_, i) => String(1000 + (i % 20) * 37).padStart(5, "0"));
const x = Array.from({ length: n }, (_, i) => String(i + 1));
const y = Array.from({ length: n }, (_, i) => String(2 * (i + 1) + 0.5));
// 4 nulls ("NA", "null", "", and a real missing value) among 40.
const score = Array.from({ length: n }, (_, i) => (i === 3 ? "NA" : i === 7 ? "null" : i === 11 ? "" : i === 13 ? null : String(i % 5)));
const mixed = Array.from({ length: n }, (_, i) => (i < 38 ? String(i) : "oops"));
const padded = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? ` v${i % 3}` : `v${i % 3}`));
const constant = Array.from({ length: n }, () => "same");

async function profile() {
  const data = datasetFromColumns({ zip: zips, x, y, score, mixed, padded, constant }, { batchSize: 16 });
  return runAgent<ProfilerData>(unifiedProfiler, data);
}

describe("unified-profiler on a hand-checked file", () => {
  it("keeps zip codes with leading zeros as strings", async () => {
    const { data } = await profile();
    const zip = data.columns.find((c) => c.name === "zip")!;
    expect(zip.inferred_type).toBe("string");
    expect(zip.distinct).toBe(20);
    expect(zip.min).toBe("01000");
    expect(zip.patterns[0]).toEqual({ pattern: "99999", count: 40 });
  });

  it("counts text nulls and computes moments of what is left", async () => {
    const { data, alerts } = await profile();
    const s = data.columns.find((c) => c.name === "score")!;
    expect(s.nulls).toBe(4);
    expect(s.missing).toBe(1);
    expect(s.empty_strings).toBe(1);
    const values = score.filter((v) => v !== null && !["NA", "null", ""].includes(v)).map(Number);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    expect(s.inferred_type).toBe("integer");
    expect(s.mean).toBeCloseTo(mean, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(variance), 12);
    expect(s.zeros).toBe(values.filter((v) => v === 0).length);
    expect(s.quantiles!.p50).toBe(2);
    expect(alerts.some((a) => a.category === "missing" && a.field === "score" && a.value === 4 / 40)).toBe(true);
  });

  it("flags mixed types, whitespace, constants and correlation", async () => {
    const { data, alerts, row_level_issues } = await profile();
    expect(row_level_issues.filter((r) => r.issue_type === "mixed_type").map((r) => [r.row, r.field])).toEqual([
      [39, "mixed"],
      [40, "mixed"],
    ]);
    const m = data.columns.find((c) => c.name === "mixed")!;
    expect(m.inferred_type).toBe("integer");
    expect(m.mixed_type_count).toBe(2);
    expect(alerts.find((a) => a.category === "mixed_types")?.field).toBe("mixed");
    // "oops" sits at indexes 38 and 39: data rows 39 and 40 of the file.
    expect(m.mixed_examples).toEqual([
      { row: 39, value: "oops" },
      { row: 40, value: "oops" },
    ]);
    expect(alerts.find((a) => a.category === "whitespace")?.value).toBe(4);
    expect(alerts.find((a) => a.category === "constant")?.field).toBe("constant");
    const r = data.dataset.correlations.find((c) => c.column_a === "x" && c.column_b === "y")!;
    expect(r.pearson).toBeCloseTo(1, 12);
    expect(alerts.some((a) => a.category === "correlation" && a.field === "x, y")).toBe(true);
    expect(alerts.some((a) => a.category === "unique" && a.field === "x")).toBe(true);
  });

  it("counts exact duplicate rows", async () => {
    const rows = [
      ["a", "1"],
      ["b", "2"],
      ["a", "1"],
      ["a", null],
      ["a", ""],
      ["a", "1"],
      ["a", ""],
    ];
    const data = datasetFromColumns({ k: rows.map((r) => r[0]), v: rows.map((r) => r[1]) }, { batchSize: 3 });
    const { data: p, alerts } = await runAgent<ProfilerData>(unifiedProfiler, data);
    // Repeats: ("a","1") twice more, ("a","") once more; a missing value differs from an empty one.
    expect(p.dataset.duplicate_rows).toBe(3);
    expect(alerts.find((a) => a.category === "duplicates")?.value).toBe(3);
  });
});

describe("unified-profiler on an empty file", () => {
  it("reports zero rows without failing", async () => {
    const { data } = await runAgent<ProfilerData>(unifiedProfiler, datasetFromColumns({ a: [], b: [] }));
    expect(data.dataset).toMatchObject({ rows: 0, columns: 2, duplicate_rows: 0 });
    expect(data.columns[0]).toMatchObject({ count: 0, nulls: 0, distinct: 0, mean: null, quantiles: null });
  });
});

describe("unified-profiler masks PII in what it shows", () => {
  it("never reports a full card number or e-mail among top values or min/max", async () => {
    const card = "4111111111111111";
    const contact = [...Array(30).fill("n/a given"), "jane@example.org", "jane@example.org", "bob@example.org"];
    const cards = [...Array(32).fill(card), "5500000000000004"];
    const { data } = await runAgent<ProfilerData>(unifiedProfiler, datasetFromColumns({ contact, cards }));
    const shown = data.columns.flatMap((c) => [String(c.min), String(c.max), ...c.top_values.map((t) => t.value)]);
    for (const secret of [card, "5500000000000004", "jane@example.org", "bob@example.org"]) expect(shown).not.toContain(secret);
    expect(shown).toContain("n/a given");
    expect(data.columns.find((c) => c.name === "cards")!.top_values[0]).toEqual({ value: "************1111", count: 32 });
  });
});
