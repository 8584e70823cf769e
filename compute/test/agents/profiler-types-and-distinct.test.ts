/** Mixed-type findings named after the dominant type, and distinct counts that stay within the row count. */
import { describe, expect, it } from "vitest";
import type { ProfilerData } from "../../src/agents/unified-profiler.js";
import { unifiedProfiler } from "../../src/agents/unified-profiler.js";
import { datasetFromColumns } from "../support/dataset.js";
import { seededRandom } from "../support/random.js";
import { runAgent } from "../support/run-agent.js";

const random = seededRandom(3);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");

describe("unified-profiler mixed types", () => {
  it("takes 5-digit zips and ZIP+4 codes as one string column, with no mixed-type finding", async () => {
    const zips = Array.from({ length: 5000 }, (_, i) =>
      i % 10 === 3 ? `${1 + Math.floor(random() * 9)}${digits(4)}-${digits(4)}` : `${1 + Math.floor(random() * 9)}${digits(4)}`,
    );
    const { data, alerts } = await runAgent<ProfilerData>(unifiedProfiler, datasetFromColumns({ zip: zips }));
    expect(data.columns[0].inferred_type).toBe("string");
    expect(data.columns[0].mixed_type_count).toBe(0);
    expect(alerts.filter((a) => a.category === "mixed_types")).toEqual([]);
  });

  it("names the minority values of an integer column with one text cell", async () => {
    const values = Array.from({ length: 200 }, () => String(Math.floor(random() * 5000)));
    values[57] = "unknown";
    const { data, alerts, row_level_issues } = await runAgent<ProfilerData>(unifiedProfiler, datasetFromColumns({ quantity: values }));
    const c = data.columns[0];
    expect(c.inferred_type).toBe("integer");
    expect(c.mixed_type_count).toBe(1);
    expect(alerts.find((a) => a.category === "mixed_types")!.message).toBe(
      "quantity mixes types: mostly integer, 1 values are not integer",
    );
    expect(row_level_issues.filter((r) => r.issue_type === "mixed_type").map((r) => [r.row, r.value])).toEqual([[58, "unknown"]]);
  });

  it("names the dominant type when no type reaches 95 %", async () => {
    const values = Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? `code ${i}` : String(i * 37)));
    const { data, row_level_issues } = await runAgent<ProfilerData>(unifiedProfiler, datasetFromColumns({ amount: values }));
    const c = data.columns[0];
    expect(c.inferred_type).toBe("string");
    expect(c.dominant_type).toBe("integer");
    expect(c.mixed_type_count).toBe(20);
    const flagged = row_level_issues.filter((r) => r.issue_type === "mixed_type");
    // Only the text cells are flagged, never the integers.
    for (const r of flagged) expect(String(r.value)).toMatch(/^code /);
    expect(flagged[0].message).toBe("Not a integer value (most of the column is integer)");
  });
});

describe("unified-profiler distinct counts", () => {
  it("bounds the sketch's estimate by the non-null count and raises the all-unique alert", async () => {
    // 20,000 distinct ids past a 1,000-value exact limit: HyperLogLog's raw estimate of this set
    // lies above 20,000; the column cannot hold more distinct values than values.
    const n = 20_000;
    const ids = Array.from({ length: n }, (_, i) => `id-${i}`);
    const { data, alerts } = await runAgent<ProfilerData>(unifiedProfiler, datasetFromColumns({ id: ids }, { batchSize: 8192 }), {
      parameters: { exact_distinct_limit: 1_000 },
    });
    const c = data.columns[0];
    expect(c.distinct_exact).toBe(false);
    expect(c.distinct).toBe(n);
    expect(c.unique_ratio).toBe(1);
    expect(alerts.some((a) => a.category === "unique" && a.field === "id")).toBe(true);
  });

  it("keeps exact counts exact and raises the all-unique alert on them", async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    const { data, alerts } = await runAgent<ProfilerData>(unifiedProfiler, datasetFromColumns({ id: ids }));
    expect(data.columns[0]).toMatchObject({ distinct: 5000, distinct_exact: true, unique_ratio: 1 });
    expect(alerts.some((a) => a.category === "unique" && a.field === "id")).toBe(true);
  });
});

describe("unified-profiler on European number and date formats", () => {
  it("reads 1.008,33 € as 1008.33 and DD.MM.YYYY as dates, and says so", async () => {
    const cents = Array.from({ length: 400 }, () => Math.floor(random() * 5_000_000) - 200_000);
    const european = (c: number) => {
      const sign = c < 0 ? "-" : "";
      const abs = Math.abs(c);
      const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
      return `${sign}${whole},${String(abs % 100).padStart(2, "0")} €`;
    };
    const days = Array.from({ length: 400 }, () => Math.floor(random() * 3650));
    const dotted = (d: number) => {
      const t = new Date(Date.UTC(2015, 0, 1) + d * 86_400_000);
      return `${String(t.getUTCDate()).padStart(2, "0")}.${String(t.getUTCMonth() + 1).padStart(2, "0")}.${t.getUTCFullYear()}`;
    };
    const { data, alerts } = await runAgent<ProfilerData>(
      unifiedProfiler,
      datasetFromColumns({ betrag: cents.map(european), datum: days.map(dotted) }),
    );
    const [amount, date] = data.columns;
    expect(amount.inferred_type).toBe("float");
    const truth = cents.map((c) => c / 100);
    expect(amount.sum).toBeCloseTo(
      truth.reduce((s, x) => s + x, 0),
      6,
    );
    expect(amount.min).toBe(Math.min(...truth));
    expect(amount.max).toBe(Math.max(...truth));
    expect(amount.locale).toMatchObject({ decimal_comma_values: 400 });
    expect(date.inferred_type).toBe("date");
    expect(date.date_min).toBe(dotted(Math.min(...days)));
    expect(date.date_max).toBe(dotted(Math.max(...days)));
    expect(date.locale?.date_order).toBe("day_first");
    expect(alerts.filter((a) => a.category === "locale").map((a) => a.field)).toEqual(["betrag", "datum"]);
  });

  it("leaves 1,500 alone (1.5 or 1500) and US numbers as they were", async () => {
    const { data } = await runAgent<ProfilerData>(
      unifiedProfiler,
      datasetFromColumns({ ambiguous: ["1,500", "2,250", "3,000"], plain: ["1.5", "2.25", "3"] }),
    );
    expect(data.columns[0].inferred_type).toBe("string");
    expect(data.columns[0].locale).toBeNull();
    expect(data.columns[1]).toMatchObject({ inferred_type: "float", sum: 6.75, locale: null });
  });
});
