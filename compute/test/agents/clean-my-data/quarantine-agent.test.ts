import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { quarantineAgent } from "../../../src/agents/clean-my-data/quarantine-agent.js";
import { readsAsTypeFromBytes, typeViolation } from "../../../src/agents/clean-my-data/quarantine-rules.js";
import { ingestDataset } from "../../../src/engine/dataset.js";
import { folderStore } from "../../../src/engine/object-store.js";
import type { InferredType } from "../../../src/stats/value-parse.js";
import { type Cell, datasetFromRows } from "../../support/dataset.js";
import { seededRandom } from "../../support/random.js";
import { cellsOf, fileText, readRows, runClean } from "./clean-support.js";

async function csvDataset(text: string, batchRows = 3) {
  const dir = mkdtempSync(join(tmpdir(), "quarantine-in-"));
  writeFileSync(join(dir, "in.csv"), text);
  return ingestDataset({ store: folderStore(dir), key: "in.csv", role: "primary", format: "csv", batchRows, maxBytes: 1e9, spillDir: dir });
}

/** quarantine.csv parsed by DuckDB's CSV reader (not ours), every cell as text. */
async function parseCsv(text: string): Promise<{ header: string[]; rows: (string | null)[][] }> {
  const path = join(mkdtempSync(join(tmpdir(), "quarantine-out-")), "quarantine.csv");
  writeFileSync(path, text);
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  const reader = await connection.runAndReadAll(
    `SELECT * FROM read_csv('${path}', header = false, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false)`,
  );
  const [header, ...rows] = reader.getRowsJS() as (string | null)[][];
  connection.closeSync();
  return { header: header as string[], rows };
}

/**
 * A file written line by line, so the test knows where every record starts: well-formed rows,
 * rows with an unquoted `$6,748.84` (one field too many), rows with a field missing, notes that
 * span two lines inside quotes, CRLF endings.
 */
function brokenFile(records: number) {
  const lines = ["id,amount,score,note"];
  const ragged: { row: number; line: number; raw: string; fields: number }[] = [];
  const good: { row: number; line: number }[] = [];
  for (let row = 1; row <= records; row++) {
    const line = lines.length + 1;
    if (row % 17 === 3) {
      const raw = `${row},$6,748.84,0.${row % 10},unquoted amount`;
      lines.push(raw);
      ragged.push({ row, line, raw, fields: 5 });
    } else if (row % 29 === 5) {
      const raw = `${row},12.50`;
      lines.push(raw);
      ragged.push({ row, line, raw, fields: 2 });
    } else if (row % 11 === 7) {
      // A quoted note over two lines, in a record with one field too many.
      const raw = `${row},"$1,000",0.5,"first\r\nsecond",extra`;
      lines.push(`${row},"$1,000",0.5,"first`, `second",extra`);
      ragged.push({ row, line, raw, fields: 5 });
    } else if (row % 13 === 1) {
      lines.push(`${row},${row}.25,0.${row % 10},"two`, `lines"`);
      good.push({ row, line });
    } else {
      lines.push(`${row},${row}.25,${row % 3 === 0 ? "None" : `0.${row % 10}`},ok`);
      good.push({ row, line });
    }
  }
  return { text: `${lines.join("\r\n")}\r\n`, ragged, good };
}

describe("quarantine-agent", () => {
  it("keeps every ragged line verbatim with its line number, across batches and multi-line records", async () => {
    const file = brokenFile(600);
    const dataset = await csvDataset(file.text, 37);
    expect(dataset.rowCount).toBe(file.good.length);
    const result = await runClean(quarantineAgent, dataset, { declared_types: { score: "float" } });
    const { header, rows } = await parseCsv(await fileText(result.files?.find((f) => f.fileName === "quarantine.csv")));
    expect(header).toEqual([
      "source_row",
      "line_number",
      "id",
      "amount",
      "score",
      "note",
      "quarantine_reason",
      "raw_line",
      "original_values",
    ]);
    // "None" is a null marker, not an unreadable float: only the ragged lines are quarantined.
    expect(rows.map((r) => [Number(r[0]), Number(r[1]), r[7]])).toEqual(file.ragged.map((r) => [r.row, r.line, r.raw]));
    expect(rows.every((r) => r.slice(2, 6).every((cell) => cell === null))).toBe(true);
    expect(rows.map((r) => r[6])).toEqual(file.ragged.map((r) => `the line has ${r.fields} fields, the header has 4`));
    expect(result.data.by_reason.ragged_row).toBe(file.ragged.length);
    expect(result.data.rows_in).toBe(600);
    expect(result.row_level_issues.map((i) => [i.row, i.line_number, i.value])).toEqual(file.ragged.map((r) => [r.row, r.line, r.raw]));
    // The rows passed on are exactly the well-formed ones, with their own row numbers.
    const kept = await readRows(result.nextPrimary!);
    expect(kept.map((r) => r.row)).toEqual(file.good.map((g) => g.row));
  });

  it("gives the line where a well-formed quarantined record starts, after multi-line records", async () => {
    const lines = ["id,amount,note", '1,5,"a', 'b"', '2,"x', 'y",ok', "3,abc,plain", '4,7,"m', "n", 'o"', "5,def,plain"];
    const result = await runClean(quarantineAgent, await csvDataset(`${lines.join("\n")}\n`, 2), { declared_types: { amount: "float" } });
    const { rows } = await parseCsv(await fileText(result.files?.find((f) => f.fileName === "quarantine.csv")));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ["2", String(lines.indexOf('2,"x') + 1)],
      ["3", String(lines.indexOf("3,abc,plain") + 1)],
      ["5", String(lines.indexOf("5,def,plain") + 1)],
    ]);
  });

  it("moves exactly the ragged, unparseable, all-empty and rule-breaking rows, with reasons and original row numbers", async () => {
    const csv = [
      "id,amount,status,joined",
      "1,10,active,2024-01-05",
      "2,abc,active,2024-01-06",
      "3,20,active",
      "4,30,active,2024-01-08,extra",
      ",,,",
      "6,-5,active,2024-01-10",
      "7,40,paused,2024-01-11",
      '8,"1,234.50",inactive,2024-01-12',
      "9,50,active,not a date",
      "10,60,inactive,12/31/2024",
    ].join("\n");
    const result = await runClean(quarantineAgent, await csvDataset(csv), {
      declared_types: { amount: "float", joined: "date" },
      rules: [
        { field: "amount", min: 0 },
        { field: "status", allowed_values: ["active", "inactive"] },
      ],
    });

    const kept = await readRows(result.nextPrimary!);
    expect(kept.map((r) => r.row)).toEqual([1, 8, 10]);
    expect(kept.map((r) => r.values[1])).toEqual(["10", "1,234.50", "60"]);

    const quarantine = (await fileText(result.files?.find((f) => f.fileName === "quarantine.csv"))).trimEnd().split("\r\n");
    expect(quarantine).toEqual([
      "source_row,line_number,id,amount,status,joined,quarantine_reason,raw_line,original_values",
      '2,3,2,abc,active,2024-01-06,"amount = ""abc"" cannot be read as float",,',
      '3,4,,,,,"the line has 3 fields, the header has 4","3,20,active",',
      '4,5,,,,,"the line has 5 fields, the header has 4","4,30,active,2024-01-08,extra",',
      "5,6,,,,,every field of the row is empty,,",
      "6,7,6,-5,active,2024-01-10,amount = -5 is below 0,,",
      '7,8,7,40,paused,2024-01-11,"status = ""paused"" is not one of the allowed values",,',
      '9,10,9,50,active,not a date,"joined = ""not a date"" cannot be read as date",,',
    ]);
    expect(result.data.rows_in).toBe(10);
    expect(result.data.quarantined_rows).toBe(7);
    expect(result.data.by_reason).toEqual({ ragged_row: 2, unparseable_value: 2, all_null_row: 1, rule_violation: 2 });
    expect(result.row_level_issues.map((i) => [i.row, i.issue_type])).toEqual([
      [2, "unparseable_value"],
      [3, "ragged_row"],
      [4, "ragged_row"],
      [5, "all_null_row"],
      [6, "rule_violation"],
      [7, "rule_violation"],
      [9, "unparseable_value"],
    ]);
    expect(result.data.operations).toEqual([
      expect.objectContaining({ agent: "quarantine-agent", operation: "quarantine_rows", count: 7 }),
    ]);
  });

  it("infers a column's type when none is declared and quarantines the values that break it", async () => {
    // 20 numbers and one word: 20/21 ≥ 95 %, so "price" is numeric and the word is unparseable.
    // "phone" looks numeric too, but a phone column's formatted value is not a broken row.
    const rows = Array.from({ length: 21 }, (_, i) => [
      String(i + 1),
      i === 13 ? "twelve" : String(i * 2.5),
      i === 4 ? "(415) 555-2671" : `+1415555${1000 + i}`,
    ]);
    const result = await runClean(quarantineAgent, datasetFromRows(["id", "price", "phone"], rows, { batchSize: 5 }));
    expect(result.data.column_types).toEqual({ id: "string", price: "float", phone: "string" });
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.value])).toEqual([[14, "price", "twelve"]]);
    expect((await readRows(result.nextPrimary!)).map((r) => r.row)).toEqual([
      ...Array.from({ length: 13 }, (_, i) => i + 1),
      ...Array.from({ length: 7 }, (_, i) => i + 15),
    ]);
  });

  it("reads null markers as empty cells, so rows holding them are not quarantined", async () => {
    // 60 rows: score is a float, with None / NA / - / N/A / ? markers in 15 rows and one real defect.
    const markers = ["None", "NA", "-", "N/A", "?"];
    const rows = Array.from({ length: 60 }, (_, i) => [
      String(i + 1),
      i % 4 === 1 ? markers[i % 5] : i === 30 ? "seventy" : (i * 1.25).toFixed(2),
      i === 50 ? "None" : "ok",
    ]);
    const result = await runClean(quarantineAgent, datasetFromRows(["id", "score", "note"], rows, { batchSize: 7 }), {
      rules: [{ field: "score", min: 0 }],
    });
    expect(result.data.column_types.score).toBe("float");
    // Only the one unreadable value goes: row 31. Counted: no marker row is taken.
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.value])).toEqual([[31, "score", "seventy"]]);
    expect(result.data.quarantined_rows).toBe(1);
    expect((await readRows(result.nextPrimary!)).length).toBe(59);
  });
});

describe("type checks settled from a cell's bytes", () => {
  const random = seededRandom(5);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const two = (n: number) => String(n).padStart(2, "0");
  /** Dates and times near and past the calendar's edges, booleans, numbers and noise, some padded. */
  const generate = () => {
    const y = pick(["2024", "2023", "1900", "0000", "9999", "20x4"]);
    const date = `${y}-${two(Math.floor(random() * 14))}-${two(Math.floor(random() * 33))}`;
    const time = `${two(Math.floor(random() * 26))}:${two(Math.floor(random() * 62))}:${two(Math.floor(random() * 62))}`;
    const text = pick([
      date,
      `${date} ${time}`,
      `${date}T${time}`,
      `${date}t${time}`,
      `${date}  ${time}`,
      "12/31/2024",
      pick(["true", "FALSE", "Yes", "n", "0", "1", "On", "off", "t", "yess", "tru"]),
      String(Math.floor(random() * 2000) - 1000),
      (random() * 100).toFixed(3),
      "1,234.5",
      "NA",
      "é",
      "",
    ]);
    return pick(["", "", " ", "\t"]) + text + pick(["", "", " "]);
  };
  const texts = Array.from({ length: 20_000 }, generate);
  const cells = cellsOf(texts);

  for (const type of ["integer", "float", "date", "datetime", "boolean", "string"] as InferredType[]) {
    it(`a ${type} cell the bytes settle is one typeViolation finds nothing wrong with`, () => {
      const settled = texts.filter((_, i) => readsAsTypeFromBytes(cells, i, type));
      expect(settled.filter((t) => typeViolation("f", t, type) !== null)).toEqual([]);
      // Enough of the generated cells are settled for the check to mean something (none for string).
      if (type === "string") expect(settled).toHaveLength(0);
      else expect(settled.length).toBeGreaterThan(200);
    });
  }

  it("quarantines exactly the rows whose date, datetime or boolean value cannot be read, counted here", async () => {
    const rows: Cell[][] = [];
    const bad: number[] = [];
    for (let row = 1; row <= 3000; row++) {
      const d = pick(["2024-02-29", "2023-02-29", "2024-13-01", "12/31/2024", "31.12.2024", "", "NA", "soon", " 2024-01-05 "]);
      const t = pick(["2024-01-05 23:59:59", "2024-01-05 24:00:00", "2024-01-05T10:00:00", "2024-01-05", "x", "Jan 5, 2024 3:00 pm"]);
      const b = pick(["true", "false", "Y", " no ", "maybe", "-", ""]);
      rows.push([String(row), d, t, b]);
      // The truth by hand: the values no lenient reading makes a date, a date and time or a yes/no.
      if (["2023-02-29", "2024-13-01", "soon"].includes(d) || ["2024-01-05 24:00:00", "x"].includes(t) || b === "maybe") bad.push(row);
    }
    const result = await runClean(quarantineAgent, datasetFromRows(["id", "day", "at", "flag"], rows, { batchSize: 256 }), {
      declared_types: { day: "date", at: "datetime", flag: "boolean" },
    });
    expect(bad.length).toBeGreaterThan(500);
    expect(result.data.quarantined_rows).toBe(bad.length);
    expect((await readRows(result.nextPrimary!)).map((r) => r.row)).toEqual(rows.map((r) => Number(r[0])).filter((r) => !bad.includes(r)));
  });
});
