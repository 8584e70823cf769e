import { describe, expect, it } from "vitest";
import { nullHandler } from "../../../src/agents/clean-my-data/null-handler.js";
import { datasetFromRows } from "../../support/dataset.js";
import { readColumn, readRows, runClean } from "./clean-support.js";

describe("null-handler", () => {
  it("turns null markers into nulls, then drops, fills with median, mode, a value or the previous row, and drops a mostly empty column", async () => {
    const columns = ["id", "score", "city", "temp", "notes", "code"];
    const rows = [
      ["1", "10", "Paris", "1", "x", "A"],
      ["2", "", "Lyon", "", "", "B"],
      ["3", "NA", "Paris", "3", "", ""],
      ["", "4", "", "", "", "C"],
      ["5", "7", "Nice", "", null, "D"],
      ["6", "n/a", "Paris", "6", "", null],
      ["7", "2", "Lyon", "", "y", "E"],
      ["8", "30", "-", "8", "", "F"],
    ];
    const result = await runClean(nullHandler, datasetFromRows(columns, rows, { batchSize: 3 }), {
      strategies: { id: "drop_row", score: "fill_median", city: "fill_mode", temp: "forward_fill", code: "fill_value" },
      fill_values: { code: "UNKNOWN" },
      drop_column_above: 0.5,
    });
    // Row 4 goes (no id). Median of the scores of the rows that stay, 10 7 2 30 → (7 + 10) / 2 = 8.5.
    // Mode of city: Paris ×3. notes is empty in 6 of 8 rows (75 % > 50 %): dropped.
    const out = await readRows(result.nextPrimary!);
    expect(result.nextPrimary!.columns).toEqual(["id", "score", "city", "temp", "code"]);
    expect(out).toEqual([
      { row: 1, values: ["1", "10", "Paris", "1", "A"] },
      { row: 2, values: ["2", "8.5", "Lyon", "1", "B"] },
      { row: 3, values: ["3", "8.5", "Paris", "3", "UNKNOWN"] },
      { row: 5, values: ["5", "7", "Nice", "3", "D"] },
      { row: 6, values: ["6", "8.5", "Paris", "6", "UNKNOWN"] },
      { row: 7, values: ["7", "2", "Lyon", "6", "E"] },
      { row: 8, values: ["8", "30", "Paris", "8", "F"] },
    ]);
    expect(result.data.rows_dropped).toBe(1);
    expect(result.data.columns_dropped).toEqual(["notes"]);
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.issue_type])).toEqual([[4, "id", "row_dropped_null"]]);
    const score = result.data.columns.find((c: { field: string }) => c.field === "score");
    expect(score).toMatchObject({ nulls_before: 3, fill_value: "8.5", cells_filled: 3 });
    expect(result.data.operations).toContainEqual(
      expect.objectContaining({
        operation: "fill_median",
        field: "score",
        count: 3,
        parameters: { strategy: "fill_median", value: "8.5" },
      }),
    );
    expect(result.data.operations).toContainEqual(expect.objectContaining({ operation: "drop_column", field: "notes" }));
  });

  it("fills with the mean of the numbers and leaves other columns' null markers as real nulls", async () => {
    const rows = [
      ["4", "N/A"],
      ["", "b"],
      ["9", "None"],
      ["$1,001", "c"],
    ];
    const result = await runClean(nullHandler, datasetFromRows(["amount", "tag"], rows), { strategies: { amount: "fill_mean" } });
    // (4 + 9 + 1001) / 3 = 338
    expect(await readColumn(result.nextPrimary!, "amount")).toEqual(["4", "338", "9", "$1,001"]);
    expect(await readColumn(result.nextPrimary!, "tag")).toEqual([null, "b", null, "c"]);
    expect(result.data.null_markers_normalised).toBe(3);
  });

  it("without fills or a drop threshold, counts every null once, those of dropped rows included", async () => {
    // Generated here; the expected counts are tallied from the rows with the markers list, not by the agent.
    const markers = ["", "NA", "N/A", "null", "None", "-", "?"];
    const spellings = ["NA", " n/a ", "NULL", "-", "", "?", "none", null, "x", "12", "a long enough text to skip the byte scan"];
    const rows = Array.from({ length: 500 }, (_, r) => [
      r % 13 === 0 ? "" : String(r + 1),
      spellings[(r * 7) % spellings.length],
      spellings[(r * 3 + 1) % spellings.length],
    ]);
    const isNull = (v: string | null) => v === null || markers.some((m) => m.toLowerCase() === v.trim().toLowerCase());
    const result = await runClean(nullHandler, datasetFromRows(["id", "a", "b"], rows, { batchSize: 64 }), {
      strategies: { id: "drop_row" },
    });
    const nulls = [0, 1, 2].map((c) => rows.filter((r) => isNull(r[c])).length);
    const markerCells = rows.flat().filter((v) => v !== null && isNull(v)).length;
    expect(result.data.columns.map((c: { nulls_before: number }) => c.nulls_before)).toEqual(nulls);
    expect(result.data.null_markers_normalised).toBe(markerCells);
    const kept = rows.filter((r) => !isNull(r[0]));
    expect(result.data.rows_dropped).toBe(rows.length - kept.length);
    const out = await readRows(result.nextPrimary!);
    expect(out.map((r) => r.values)).toEqual(kept.map((r) => r.map((v) => (isNull(v) ? null : v))));
  });
});
