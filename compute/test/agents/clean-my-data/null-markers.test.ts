/**
 * Null markers (None, NA, -, null, N/A, empty) are nulls to every cleaning agent. The file is
 * generated here, so the test counts the markers, the values and the answers itself.
 */
import { describe, expect, it } from "vitest";
import type { DuplicateData } from "../../../src/agents/clean-my-data/duplicate-resolver.js";
import { duplicateResolver } from "../../../src/agents/clean-my-data/duplicate-resolver.js";
import { fieldStandardization, type StandardizationData } from "../../../src/agents/clean-my-data/field-standardization.js";
import { type NullHandlerData, nullHandler } from "../../../src/agents/clean-my-data/null-handler.js";
import { NullMarkers } from "../../../src/agents/clean-my-data/null-markers.js";
import { type OutlierData, outlierRemover } from "../../../src/agents/clean-my-data/outlier-remover.js";
import { quarantineAgent } from "../../../src/agents/clean-my-data/quarantine-agent.js";
import { type TypeFixerData, typeFixer } from "../../../src/agents/clean-my-data/type-fixer.js";
import { type Cell, datasetFromRows } from "../../support/dataset.js";
import { seededRandom } from "../../support/random.js";
import { cellsOf, readColumn, readRows, runClean } from "./clean-support.js";

const MARKERS = ["None", "NA", "-", "null", "N/A", "", " n/a ", "NONE"];
const ROWS = 240;
const OUTLIER_ROW = 117;

/** Every 5th row's amount and city are a marker (a share of 20 %, enough to sink a 95 % numeric test). */
function generated() {
  const rows: Cell[][] = [];
  for (let row = 1; row <= ROWS; row++) {
    const marker = row % 5 === 0 ? MARKERS[(row / 5) % MARKERS.length] : null;
    const amount = marker ?? (row === OUTLIER_ROW ? "9000" : String(100 + (row % 17)));
    const city = marker ?? (row % 4 === 0 ? "new york " : row % 4 === 3 ? "Boston" : "New York");
    rows.push([String(row), amount, city]);
  }
  return { columns: ["id", "amount", "city"], rows };
}

const file = generated();
const markerRows = file.rows.filter((r) => MARKERS.includes(r[1] as string)).map((r) => Number(r[0]));
const numbers = file.rows.filter((r) => !MARKERS.includes(r[1] as string)).map((r) => Number(r[1]));

describe("null markers are nulls in every cleaning agent", () => {
  it("quarantine-agent: a marker in a float column is empty, not an unreadable value", async () => {
    const result = await runClean(quarantineAgent, datasetFromRows(file.columns, file.rows, { batchSize: 50 }), {
      declared_types: { amount: "float" },
    });
    expect(markerRows).toHaveLength(ROWS / 5);
    expect(result.data.quarantined_rows).toBe(0);
  });

  it("null-handler: every marker is a null, filled with the median of the numbers only", async () => {
    const result = await runClean<NullHandlerData>(nullHandler, datasetFromRows(file.columns, file.rows, { batchSize: 50 }), {
      strategies: { amount: "fill_median" },
    });
    const sorted = [...numbers].sort((a, b) => a - b);
    const median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const amount = result.data.columns.find((c) => c.field === "amount");
    expect(amount).toMatchObject({ nulls_before: markerRows.length, cells_filled: markerRows.length });
    expect(Number(amount?.fill_value)).toBe(median);
    const after = await readColumn(result.nextPrimary!, "amount");
    expect(markerRows.map((row) => Number(after[row - 1]))).toEqual(markerRows.map(() => median));
  });

  it("outlier-remover: markers do not stop a numeric column being checked, and only the real outlier is flagged", async () => {
    const result = await runClean<OutlierData>(outlierRemover, datasetFromRows(file.columns, file.rows, { batchSize: 50 }), {
      action: "flag",
    });
    const amount = result.data.columns.find((c) => c.field === "amount");
    expect(amount?.values).toBe(numbers.length);
    expect(amount?.outliers).toBe(1);
    const rows = await readRows(result.nextPrimary!);
    const flagged = rows.filter((r) => r.values[3] === "true").map((r) => r.row);
    expect(flagged).toEqual([OUTLIER_ROW]);
    // The markers are written back as they were.
    expect(markerRows.map((row) => rows[row - 1].values[1])).toEqual(markerRows.map((row) => file.rows[row - 1][1]));
  });

  it("type-fixer: a column of integers with markers is an integer column with no failed conversion", async () => {
    const rows = file.rows.map((r) => [
      r[0],
      MARKERS.includes(r[1] as string) ? r[1] : (Number(r[1]) * 1000).toLocaleString("en-US"),
      r[2],
    ]);
    const result = await runClean<TypeFixerData>(typeFixer, datasetFromRows(file.columns, rows, { batchSize: 50 }), { trim: false });
    const amount = result.data.columns.find((c) => c.field === "amount");
    expect(amount).toMatchObject({ type: "integer", failed: 0, converted: numbers.length });
    const after = await readColumn(result.nextPrimary!, "amount");
    expect(after.filter((_, i) => !MARKERS.includes(rows[i][1] as string)).map(Number)).toEqual(numbers.map((n) => n * 1000));
    expect(markerRows.map((row) => after[row - 1])).toEqual(markerRows.map((row) => rows[row - 1][1]));
  });

  it("duplicate-resolver: rows that differ only in how a null is written are duplicates", async () => {
    // Rows 1–4 say "no amount" four ways; rows 5 and 6 hold values and stay.
    const rows: Cell[][] = [
      ["a", "None"],
      ["a", ""],
      ["a", "N/A"],
      ["a", null],
      ["a", "12"],
      ["a", "NA12"],
    ];
    const result = await runClean<DuplicateData>(duplicateResolver, datasetFromRows(["name", "amount"], rows));
    expect(result.data.exact_duplicates_removed).toBe(3);
    expect((await readRows(result.nextPrimary!)).map((r) => r.row)).toEqual([1, 5, 6]);
  });

  it("field-standardization: markers are never a category spelling and stay byte for byte", async () => {
    const result = await runClean<StandardizationData>(fieldStandardization, datasetFromRows(file.columns, file.rows, { batchSize: 50 }));
    const city = result.data.columns.find((c) => c.field === "city");
    // "new york " trims to "new york", a variant of the more frequent "New York"; no marker joins a cluster.
    expect(city?.clusters).toEqual({ "new york": "New York" });
    const after = await readColumn(result.nextPrimary!, "city");
    expect(markerRows.map((row) => after[row - 1])).toEqual(markerRows.map((row) => file.rows[row - 1][2]));
    const expectedCities = file.rows
      .filter((r) => !MARKERS.includes(r[2] as string))
      .map((r) => (r[2] === "Boston" ? "Boston" : "New York"));
    expect(after.filter((_, i) => !MARKERS.includes(file.rows[i][2] as string))).toEqual(expectedCities);
  });
});

describe("null markers read from a cell's bytes agree with the text reading", () => {
  // Cells start with every kind of byte: digits, letters of both cases (the first letters of
  // markers among them), punctuation, ASCII and Unicode spaces, characters that lower-case into
  // ASCII (KELVIN SIGN) or change length (İ), and markers themselves in any case.
  const pieces = [
    ..."0123456789",
    ..."abcdefghijklmnopqrstuvwxyz",
    ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    ..."-?/.,:;!_+$#",
    " ",
    "\t",
    "\n",
    "\r",
    "\u000b",
    "\u00a0",
    "\ufeff",
    "\u2003",
    "\u212a",
    "\u0130",
    "é",
    "É",
    "ñ",
    "NA",
    "n/a",
    "N/A",
    "null",
    "NULL",
    "None",
    "nONE",
    "missing",
    "2024-01-05",
    "quick brown fox",
  ];
  const lists = [
    ["", "NA", "N/A", "null", "None", "-", "?"],
    ["", "NA", "N/A", "null", "None", "-", "?", "k", "i\u0307", "Ñ/A", " Missing ", "#"],
    ["é", "\u212a", "(none)", "0"],
    [],
  ];
  const random = seededRandom(11);
  const texts = Array.from({ length: 20_000 }, () => {
    const count = Math.floor(random() * 5);
    let text = "";
    for (let k = 0; k < count; k++) text += pieces[Math.floor(random() * pieces.length)];
    return text;
  });
  const cells = cellsOf(texts);

  for (const list of lists) {
    it(`isNullCellExact is isNull on the text, and isNullCell too within its length bound (${JSON.stringify(list)})`, () => {
      const markers = new NullMarkers(list);
      const exact = texts.map((_, i) => markers.isNullCellExact(cells, i));
      // The plain reading: trim, lower-case, look up.
      const set = new Set(list.map((m) => m.trim().toLowerCase()));
      const plain = texts.map((t) => t.trim() === "" || set.has(t.trim().toLowerCase()));
      expect(exact).toEqual(plain);
      // isNullCell never decodes a cell longer than the longest marker and 16 bytes of padding.
      const bound = Math.max(0, ...[...set].map((m) => Buffer.byteLength(m))) + 16;
      const bounded = texts.map((t, i) => (Buffer.byteLength(t) > bound ? false : plain[i]));
      expect(texts.map((_, i) => markers.isNullCell(cells, i))).toEqual(bounded);
      if (list.length > 0) expect(plain.filter((x, i) => x && texts[i].trim() !== "").length).toBeGreaterThan(50);
      // hasBytes takes the bytes as they are: the lower-cased text looked up, untrimmed, the text
      // being the cell as a TextDecoder reads it (which drops a leading byte order mark).
      const decoder = new TextDecoder();
      const untrimmed = texts.map((t) => set.has(decoder.decode(Buffer.from(t)).toLowerCase()));
      expect(texts.map((_, i) => markers.hasBytes(cells.values, cells.offsets[i], cells.offsets[i + 1]))).toEqual(untrimmed);
      if (list.length > 0) expect(untrimmed.filter((x, i) => x && texts[i] !== "").length).toBeGreaterThan(50);
    });
  }
});
