/**
 * quarantine-agent's inferred column types: a column that stops being read once it is settled
 * as text gets the type a full count gives, including columns whose text comes first and whose
 * numbers, dates or booleans come later, right at the 95 % share.
 */
import { describe, expect, it } from "vitest";
import { inferColumnTypes } from "../../../src/agents/clean-my-data/column-types.js";
import { NullMarkers } from "../../../src/agents/clean-my-data/null-markers.js";
import { datasetFromRows } from "../../support/dataset.js";
import { spilledCsv } from "../../support/spilled-csv.js";

const ROWS = 20_000;

/** Column name → its cell on row r (0-based), and the type the 95 % rule gives it. */
const COLUMNS: [string, (r: number) => string, string][] = [
  ["text", (r) => `note ${r}`, "string"],
  // 4 % text at the start, then numbers: numeric (96 % of values), though text leads for 800 rows.
  ["late_numbers", (r) => (r < 800 ? `n/a-${r}` : String(r)), "integer"],
  // 6 % text at the start: text.
  ["mostly_numbers", (r) => (r < 1_200 ? `x${r}` : String(r)), "string"],
  // Exactly 5 % text, at the end: 95 % numbers is enough.
  ["share_edge", (r) => (r >= ROWS - 1_000 ? `t${r}` : (r / 4).toFixed(2)), "float"],
  ["dates", (r) => (r % 3 === 0 ? "" : `2024-0${1 + (r % 9)}-1${r % 10}`), "date"],
  ["flags", (r) => (r < 900 ? "maybe" : r % 2 ? "true" : "false"), "boolean"],
  ["markers_then_text", (r) => (r < 10_000 ? "NA" : `v${r}`), "string"],
  ["empty", () => "", "string"],
];

describe("inferred column types", () => {
  it("match a full count whether or not settled columns stop being read", async () => {
    const markers = new NullMarkers(["NA"]);
    const rows = Array.from({ length: ROWS }, (_, r) => COLUMNS.map(([, cell]) => cell(r)));
    const text = `${COLUMNS.map(([name]) => name).join(",")}\n${rows.map((row) => row.join(",")).join("\n")}\n`;
    // The spilled dataset knows its rows, so settled columns stop being read; the in-memory one is read whole.
    const spilled = await spilledCsv(text, { batchRows: 500 });
    const whole = datasetFromRows(
      COLUMNS.map(([name]) => name),
      rows.map((row) => row.map((cell) => (cell === "" ? null : cell))),
      { batchSize: 500 },
    );
    const expected = COLUMNS.map(([, , type]) => type);
    expect(await inferColumnTypes(whole, undefined, markers)).toEqual(expected);
    expect(await inferColumnTypes(spilled, undefined, markers)).toEqual(expected);
  });

  it("stops reading once every column is settled as text", async () => {
    const lines = Array.from({ length: 10_000 }, (_, r) => `name ${r},${r % 7 ? "free text" : String(r)}`);
    const spilled = await spilledCsv(`name,comment\n${lines.join("\n")}\n`, { batchRows: 500 });
    let batchesRead = 0;
    const counted = {
      role: spilled.role,
      format: spilled.format,
      columns: spilled.columns,
      rowCount: spilled.rowCount,
      async *batches(signal?: AbortSignal) {
        for await (const batch of spilled.batches(signal)) {
          batchesRead++;
          yield batch;
        }
      },
    };
    expect(await inferColumnTypes(counted)).toEqual(["string", "string"]);
    // 20 batches of 500 rows. After k of them, a group with n values so far could still reach 95 %
    // of the 10,000 rows only while 9,500 − (n + 10,000 − 500k) ≤ 1: after the first batch (−n) it
    // can, after the second (500 − n, with n ≤ 143 numbers in the comment column) it cannot.
    expect(batchesRead).toBe(2);
  });
});
