/**
 * Agents decide per batch which columns keep every cell and pass those whole: the batches here
 * mix columns that keep everything with cells to change at a batch's first row, its last, or in
 * its middle, and the outputs and counts are the ones worked out cell by cell below.
 */
import { describe, expect, it } from "vitest";
import { fieldStandardization } from "../../../src/agents/clean-my-data/field-standardization.js";
import { nullHandler } from "../../../src/agents/clean-my-data/null-handler.js";
import { typeFixer } from "../../../src/agents/clean-my-data/type-fixer.js";
import { datasetFromRows } from "../../support/dataset.js";
import { readColumn, readRows, runClean } from "./clean-support.js";

/** 40 rows in batches of 8; `at` maps a row number (1-based) to the cell it gets in place of `plain(row)`. */
function column(plain: (row: number) => string | null, at: Record<number, string | null> = {}) {
  return Array.from({ length: 40 }, (_, k) => (k + 1 in at ? at[k + 1] : plain(k + 1)));
}

function dataset(columns: Record<string, (string | null)[]>) {
  const names = Object.keys(columns);
  const rows = Array.from({ length: 40 }, (_, k) => names.map((name) => columns[name][k]));
  return datasetFromRows(names, rows, { batchSize: 8 });
}

describe("columns kept whole batch by batch", () => {
  it("type-fixer converts the cells it must wherever they fall in a batch and copies the rest", async () => {
    const amount = column((r) => `${r}.5`, { 9: "$1,009.50", 16: "1,016", 20: "  20 " });
    const when = column((r) => `2024-01-${String((r % 28) + 1).padStart(2, "0")}`, { 25: "01/26/2024", 33: "2024-02-01 10:00:00" });
    const active = column((r) => (r % 2 === 0 ? "true" : "false"), { 8: "yes", 40: "N" });
    const name = column((r) => `n${r}`, { 1: " n1", 12: "n12 ", 30: "Zoë" });
    const missing = column((r) => (r % 5 === 0 ? null : `m${r}`));
    const result = await runClean(typeFixer, dataset({ amount, when, active, name, missing }), {
      target_types: { amount: "float", when: "datetime", active: "boolean", name: "string", missing: "string" },
      date_order: "MDY",
    });
    const out = result.nextPrimary!;
    expect(await readColumn(out, "amount")).toEqual(amount.map((v, k) => ({ 9: "1009.50", 16: "1016", 20: "20" })[k + 1] ?? v));
    expect(await readColumn(out, "when")).toEqual(when.map((v, k) => ({ 25: "2024-01-26", 33: "2024-02-01T10:00:00" })[k + 1] ?? v));
    expect(await readColumn(out, "active")).toEqual(active.map((v, k) => ({ 8: "true", 40: "false" })[k + 1] ?? v));
    expect(await readColumn(out, "name")).toEqual(name.map((v) => (v as string).trim()));
    expect(await readColumn(out, "missing")).toEqual(missing);
    const byField = Object.fromEntries(result.data.columns.map((c: { field: string }) => [c.field, c]));
    // "  20 " is trimmed, not converted: its text is already the number.
    expect(byField.amount).toMatchObject({ converted: 2, failed: 0, trimmed: 1 });
    expect(byField.when).toMatchObject({ converted: 2, failed: 0 });
    expect(byField.active).toMatchObject({ converted: 2, failed: 0 });
    expect(byField.name).toMatchObject({ trimmed: 2, converted: 0 });
    expect(byField.missing).toMatchObject({ trimmed: 0, converted: 0 });
  });

  it("type-fixer gives a column of ISO dates and times its Ts, leaving a cell a null marker names as written", async () => {
    const at = column((r) => `2024-03-${String((r % 28) + 1).padStart(2, "0")} 0${r % 10}:15:00`, {
      5: null,
      12: "2024-03-13",
      20: "2024-01-01 00:00:00",
      30: "2024-03-31T23:59:59",
    });
    const result = await runClean(typeFixer, dataset({ at }), {
      target_types: { at: "datetime" },
      null_markers: ["", "NA", "2024-01-01 00:00:00"],
    });
    const expected = at.map((v, k) => (v === null || k + 1 === 20 ? v : v.replace(" ", "T")));
    expect(await readColumn(result.nextPrimary!, "at")).toEqual(expected);
    // Every cell with a space but row 20's (a null marker) and row 12's (a date alone) was converted.
    expect(result.data.columns[0]).toMatchObject({ converted: 40 - 4, failed: 0 });
  });

  // A threshold below 1 makes a first pass of statistics: the counts then come from there.
  it.each([1, 0.99])(
    "null-handler makes markers null, fills and drops only where a batch holds them, and counts every null (drop_column_above %s)",
    async (dropColumnAbove) => {
      const city = column((r) => `c${r}`, { 3: "NA", 17: "", 24: null });
      const score = column((r) => String(r), { 10: null, 11: null, 39: "n/a" });
      const code = column((r) => (r % 7 === 0 ? null : `k${r}`));
      const key = column((r) => `id${r}`, { 33: null });
      const result = await runClean(nullHandler, dataset({ city, score, code, key }), {
        strategies: { score: "fill_value", key: "drop_row", code: "forward_fill" },
        fill_values: { score: 0 },
        drop_column_above: dropColumnAbove,
      });
      const rows = await readRows(result.nextPrimary!);
      expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 40 }, (_, k) => k + 1).filter((r) => r !== 33));
      const kept = (values: (string | null)[]) => values.filter((_, k) => k + 1 !== 33);
      expect(rows.map((r) => r.values[0])).toEqual(kept(city.map((v) => (v === "NA" || v === "" ? null : v))));
      expect(rows.map((r) => r.values[1])).toEqual(kept(score.map((v) => (v === null || v === "n/a" ? "0" : v))));
      // Each missing code takes the one before it (row 28's before it is 27's; 35 follows 34).
      expect(rows.map((r) => r.values[2])).toEqual(kept(code.map((v, k) => v ?? code[k - 1])));
      const report = Object.fromEntries(result.data.columns.map((c: { field: string }) => [c.field, c]));
      expect(report.city).toMatchObject({ nulls_before: 3, cells_filled: 0 });
      expect(report.score).toMatchObject({ nulls_before: 3, cells_filled: 3 });
      expect(report.code).toMatchObject({ nulls_before: 5, cells_filled: 5 });
      expect(report.key).toMatchObject({ nulls_before: 1 });
      // "NA", "" and "n/a" were text before they were null.
      expect(result.data.null_markers_normalised).toBe(3);
      expect(result.data.rows_dropped).toBe(1);
    },
  );

  // No row can be dropped: the columns with cells to make null or fill are rebuilt a column at a
  // time, and a batch without a forward fill goes into the output with no call per row.
  it.each(["leave", "forward_fill"] as const)(
    "null-handler without a drop_row column makes null and fills the same cells (code: %s)",
    async (codeStrategy) => {
      const city = column((r) => `c${r}`, { 3: "NA", 8: " n/a ", 9: "NA", 17: "", 24: null });
      const score = column((r) => String(r), { 10: null, 11: null, 16: "Zoë", 39: "n/a", 40: "null" });
      const code = column((r) => (r % 7 === 0 ? null : `k${r}`));
      const plain = column((r) => `p${r}`);
      const result = await runClean(nullHandler, dataset({ city, score, code, plain }), {
        strategies: { score: "fill_value", code: codeStrategy },
        fill_values: { score: "é0" },
      });
      const rows = await readRows(result.nextPrimary!);
      expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
      expect(rows.map((r) => r.values[0])).toEqual(city.map((v) => (v === null || ["NA", " n/a ", ""].includes(v) ? null : v)));
      expect(rows.map((r) => r.values[1])).toEqual(score.map((v) => (v === null || v === "n/a" || v === "null" ? "é0" : v)));
      const filledCode = codeStrategy === "leave" ? code : code.map((v, k) => v ?? code[k - 1]);
      expect(rows.map((r) => r.values[2])).toEqual(filledCode);
      expect(rows.map((r) => r.values[3])).toEqual(plain);
      const report = Object.fromEntries(result.data.columns.map((c: { field: string }) => [c.field, c]));
      expect(report.city).toMatchObject({ nulls_before: 5, cells_filled: 0 });
      expect(report.score).toMatchObject({ nulls_before: 4, cells_filled: 4 });
      expect(report.code).toMatchObject({ nulls_before: 5, cells_filled: codeStrategy === "leave" ? 0 : 5 });
      expect(report.plain).toMatchObject({ nulls_before: 0, cells_filled: 0 });
      expect(result.data.null_markers_normalised).toBe(6);
      expect(result.data.rows_dropped).toBe(0);
    },
  );

  it("field-standardization rewrites the dates and countries not yet in standard form and keeps the batches that are", async () => {
    const signup = column((r) => (r % 9 === 0 ? null : `2024-03-${String((r % 28) + 1).padStart(2, "0")}`), {
      12: "03/15/2024",
      13: "2024-03-14 08:30:00",
      40: "2024-03-13T08:30:00",
    });
    const country = column((r) => ["FR", "DE", "NA", "SE"][r % 4], { 17: "UK", 24: "france", 31: "XX" });
    const result = await runClean(fieldStandardization, dataset({ signup, country }), {
      date_columns: ["signup"],
      country_columns: ["country"],
      date_order: "MDY",
    });
    const out = result.nextPrimary!;
    expect(await readColumn(out, "signup")).toEqual(signup.map((v, k) => ({ 12: "2024-03-15", 13: "2024-03-14T08:30:00" })[k + 1] ?? v));
    // XX is no country: left as written and reported.
    expect(await readColumn(out, "country")).toEqual(country.map((v, k) => ({ 17: "GB", 24: "FR" })[k + 1] ?? v));
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.value])).toEqual([[31, "country", "XX"]]);
  });
});
