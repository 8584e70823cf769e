import { describe, expect, it } from "vitest";
import { outlierRemover } from "../../../src/agents/clean-my-data/outlier-remover.js";
import { datasetFromRows } from "../../support/dataset.js";
import { numpyQuantile } from "../../support/drift-reference.js";
import { gaussian, seededRandom } from "../../support/random.js";
import { readColumn, readRows, runClean } from "./clean-support.js";

const values = [10, 12, 11, 13, 12, 11, 10, 95, 12, -40];
const dataset = () =>
  datasetFromRows(
    ["id", "x", "label"],
    values.map((v, i) => [String(i + 1), String(v), `r${i + 1}`]),
    { batchSize: 4 },
  );

/** Sample standard deviation computed directly. */
function sampleStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (xs.length - 1)) };
}

describe("outlier-remover", () => {
  it("iqr: caps exactly the values beyond Q1 − 1.5·IQR and Q3 + 1.5·IQR at those fences", async () => {
    // Sorted: -40 10 10 11 11 12 12 12 13 95. Q1 = 10 + 0.25·(11 − 10) = 10.25, Q3 = 12, IQR = 1.75.
    // Fences 10.25 − 2.625 = 7.625 and 12 + 2.625 = 14.625: only 95 (row 8) and −40 (row 10) lie beyond.
    const result = await runClean(outlierRemover, dataset(), { method: "iqr", action: "cap" });
    expect(await readColumn(result.nextPrimary!, "x")).toEqual(["10", "12", "11", "13", "12", "11", "10", "14.625", "12", "7.625"]);
    expect(result.row_level_issues.map((i) => [i.row, i.value])).toEqual([
      [8, "95"],
      [10, "-40"],
    ]);
    // id names rows rather than measuring anything, and label is not numeric: neither is checked.
    expect(result.data.columns.map((c: { field: string }) => c.field)).toEqual(["x"]);
    expect(result.data.columns[0]).toMatchObject({ lower: 7.625, upper: 14.625, outliers: 2 });
  });

  it("iqr: flags a column's values below its lower fence and above its upper one, and none of a column within both", async () => {
    // low: sorted 50 100 100 101 101 102 102 102 103 104; Q1 = 100.25, Q3 = 102, fences 97.625 and 104.625: only 50 (row 5).
    // high: 1 2 3 4 5 6 7 8 9 40; Q1 = 3.25, Q3 = 7.75, fences −3.5 and 14.5: only 40 (row 9).
    // even: 1…10; fences −3.5 and 14.5 hold every value.
    const low = [100, 101, 102, 103, 50, 101, 102, 104, 100, 102];
    const high = [1, 2, 3, 4, 5, 6, 7, 8, 40, 9];
    const rows = low.map((v, i) => [String(v), String(high[i]), String(i + 1)]);
    const result = await runClean(outlierRemover, datasetFromRows(["low", "high", "even"], rows, { batchSize: 4 }), {
      method: "iqr",
      action: "flag",
    });
    const flagged = [5, 9];
    expect(await readColumn(result.nextPrimary!, "is_outlier")).toEqual(low.map((_, i) => String(flagged.includes(i + 1))));
    expect(await readColumn(result.nextPrimary!, "outlier_columns")).toEqual(
      low.map((_, i) => (i + 1 === 5 ? "low" : i + 1 === 9 ? "high" : "")),
    );
    expect(result.data.columns.map((c: { field: string; outliers: number }) => [c.field, c.outliers])).toEqual([
      ["low", 1],
      ["high", 1],
      ["even", 0],
    ]);
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.value])).toEqual([
      [5, "low", "50"],
      [9, "high", "40"],
    ]);
  });

  it("zscore: flags only values more than t sample standard deviations from the mean, in an added column", async () => {
    const { mean, std } = sampleStd(values);
    const expected = values.map((v) => Math.abs(v - mean) / std > 2);
    expect(expected.filter(Boolean)).toHaveLength(1); // 95: z = 80.4 / 32.55 ≈ 2.47; −40: z ≈ 1.68
    const result = await runClean(outlierRemover, dataset(), { method: "zscore", zscore_threshold: 2, action: "flag", columns: ["x"] });
    expect(result.nextPrimary!.columns).toEqual(["id", "x", "label", "is_outlier", "outlier_columns"]);
    expect(await readColumn(result.nextPrimary!, "is_outlier")).toEqual(expected.map(String));
    expect(await readColumn(result.nextPrimary!, "outlier_columns")).toEqual(expected.map((e) => (e ? "x" : "")));
    expect(await readColumn(result.nextPrimary!, "x")).toEqual(values.map(String));
  });

  it("modified z-score: removes the rows whose value is beyond 3.5·MAD/0.6745 from the median, keeping row numbers", async () => {
    // Median 11.5; absolute deviations sorted 0.5×5 1.5×3 51.5 83.5 → MAD = (0.5 + 1.5) / 2 = 1.
    // Reach 3.5 / 0.6745 ≈ 5.19: 95 and −40 go, 13 (|1.5|) stays.
    const result = await runClean(outlierRemover, dataset(), { method: "modified_zscore", action: "remove", columns: ["x"] });
    expect((await readRows(result.nextPrimary!)).map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 9]);
    expect(result.data.columns[0].center).toBe(11.5);
    expect(result.data.columns[0].spread).toBe(1);
  });

  it("null: blanks the outlying cells and leaves the rest of the row", async () => {
    const result = await runClean(outlierRemover, dataset(), { method: "iqr", action: "null", columns: ["x"] });
    const rows = await readRows(result.nextPrimary!);
    expect(rows.filter((r) => r.values[1] === null).map((r) => [r.row, r.values[2]])).toEqual([
      [8, "r8"],
      [10, "r10"],
    ]);
  });

  it("auto: fences a log-normal column on its logarithm, and names the column of each flag", async () => {
    const random = seededRandom(77);
    const n = 5000;
    const amounts: number[] = [];
    const planted = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (i % 250 === 17) {
        amounts.push(Number((Math.exp(4 + 0.8 * gaussian(random)) * 2000).toFixed(2)));
        planted.add(i + 1);
      } else amounts.push(Number(Math.exp(4 + 0.8 * gaussian(random)).toFixed(2)));
    }
    const score = Array.from({ length: n }, () => (50 + 10 * gaussian(random)).toFixed(1));
    const rows = amounts.map((a, i) => [String(i + 1), a.toFixed(2), score[i]]);
    const result = await runClean(outlierRemover, datasetFromRows(["id", "amount", "score"], rows, { batchSize: 1024 }), {
      action: "flag",
    });
    const byField = new Map(result.data.columns.map((c: { field: string }) => [c.field, c]));
    expect(byField.get("amount")).toMatchObject({ method: "log_iqr" });
    expect(byField.get("score")).toMatchObject({ method: "iqr" });
    // Reference: Tukey's fences on ln(amount), numpy's linear quantiles.
    const logs = amounts.map(Math.log).sort((a, b) => a - b);
    const q1 = numpyQuantile(logs, 0.25);
    const q3 = numpyQuantile(logs, 0.75);
    const lo = Math.exp(q1 - 1.5 * (q3 - q1));
    const hi = Math.exp(q3 + 1.5 * (q3 - q1));
    const truth = amounts.flatMap((a, i) => (a < lo || a > hi ? [i + 1] : []));
    const flagged = result.row_level_issues.filter((r) => r.field === "amount").map((r) => r.row);
    expect(flagged).toEqual(truth);
    // Every planted value is caught, and few ordinary ones (raw-value IQR would flag hundreds).
    for (const row of planted) expect(flagged).toContain(row);
    expect(flagged.length - planted.size).toBeLessThan(0.01 * n);
    const raw = [...amounts].sort((a, b) => a - b);
    const rq1 = numpyQuantile(raw, 0.25);
    const rq3 = numpyQuantile(raw, 0.75);
    expect(amounts.filter((a) => a > rq3 + 1.5 * (rq3 - rq1)).length).toBeGreaterThan(5 * flagged.length);
    const columnsOfFlag = await readColumn(result.nextPrimary!, "outlier_columns");
    for (const row of flagged) expect(columnsOfFlag[row - 1]).toContain("amount");
  });
});
