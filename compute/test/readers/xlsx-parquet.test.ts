import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { EngineError } from "../../src/engine/types.js";
import { failure, readAll } from "./read-all.js";

async function workbookBytes(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const first = workbook.addWorksheet("Customers");
  first.addRow(["id", "name", "joined", "score", "vip", "total"]);
  first.addRow([1, "Ann", new Date(Date.UTC(2024, 0, 31)), 9.5, true, { formula: "A2*2", result: 2 }]);
  first.addRow([
    2,
    { richText: [{ text: "Bo" }, { text: "b", font: { bold: true } }] },
    new Date(Date.UTC(2023, 5, 1, 12, 30)),
    null,
    false,
    4,
  ]);
  first.addRow(["007", "Cy", null, -1.25, null, null, "extra"]);
  const second = workbook.addWorksheet("Orders");
  second.addRow(["order", "amount"]);
  second.addRow(["A-1", 12]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("XLSX reader", () => {
  it("reads the sheet with the largest table, rendering numbers, dates, rich text and formula results as text", async () => {
    const result = await readAll("xlsx", await workbookBytes(), { chunkSize: 1000 });
    expect(result.columns).toEqual(["id", "name", "joined", "score", "vip", "total"]);
    expect(result.rows).toEqual([
      ["1", "Ann", "2024-01-31", "9.5", "true", "2"],
      ["2", "Bob", "2023-06-01T12:30:00Z", null, "false", "4"],
    ]);
    // The row with a value past the header is left out, its cells kept as JSON, its sheet row as the line.
    expect(result.ragged).toEqual([
      { row: 3, line: 4, byteOffset: -1, fields: 7, expected: 6, raw: JSON.stringify(["007", "Cy", null, "-1.25", null, null, "extra"]) },
    ]);
    expect(result.lines).toEqual([2, 3]);
  });

  it("reads a sheet named in the input options", async () => {
    const result = await readAll("xlsx", await workbookBytes(), { sheet: "Orders" });
    expect(result.columns).toEqual(["order", "amount"]);
    expect(result.rows).toEqual([["A-1", "12"]]);
  });

  it("fails a missing sheet by naming the sheets there are, and a file that is not a workbook", async () => {
    const missing = await readAll("xlsx", await workbookBytes(), { sheet: "Nope" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(EngineError);
    expect((missing as EngineError).code).toBe("SHEET_NOT_FOUND");
    expect((missing as EngineError).message).toBe('The workbook has no sheet named "Nope" (sheets: "Customers", "Orders")');
    const garbage = await readAll("xlsx", "this is not a zip file at all").catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(EngineError);
    expect((garbage as EngineError).code).toBe("INPUT_UNREADABLE");
  });
});

describe("XLSX workbooks with several sheets", () => {
  /** A notes sheet first, then a sheet whose table sits under a merged title row; the test knows every cell. */
  async function reportWorkbook(orderRows: number, otherRows: number): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet("Notes");
    notes.addRow(["Exported from the shop"]);
    notes.addRow(["Figures in EUR"]);
    const orders = workbook.addWorksheet("Orders 2024");
    orders.addRow(["Orders report, 2024"]);
    orders.mergeCells("A1:D1");
    orders.addRow(["order_id", "customer", "amount", "status"]);
    for (let i = 1; i <= orderRows; i++) orders.addRow([`O-${i}`, `C-${i % 7}`, i * 1.5, i % 2 ? "paid" : "open"]);
    const other = workbook.addWorksheet("Archive");
    other.addRow(["order_id", "amount"]);
    for (let i = 1; i <= otherRows; i++) other.addRow([`A-${i}`, i]);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  it("reads the sheet holding the table, skips its title row, lists every sheet and says why", async () => {
    const result = await readAll("xlsx", await reportWorkbook(40, 5));
    expect(result.columns).toEqual(["order_id", "customer", "amount", "status"]);
    expect(result.rows.length).toBe(40);
    expect(result.rows[0]).toEqual(["O-1", "C-1", "1.5", "paid"]);
    expect(result.rows[39]).toEqual(["O-40", "C-5", "60", "open"]);
    // Sheet rows: title 1, header 2, data from 3.
    expect(result.lines[0]).toBe(3);
    expect(result.workbook).toEqual({
      sheet: "Orders 2024",
      sheets: [
        { name: "Notes", rows: 2, columns: 1, header_row: 1 },
        { name: "Orders 2024", rows: 42, columns: 4, header_row: 2 },
        { name: "Archive", rows: 6, columns: 2, header_row: 1 },
      ],
    });
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0].id).toBe("input-sheet");
    expect(result.notes[0].message).toContain('Read sheet "Orders 2024" of 3');
    expect(result.notes[0].message).toContain("rows 1–1 above its header were skipped");
  });

  it("reads a sheet named by input.sheet, and asks for one when two tables are of comparable size", async () => {
    const named = await readAll("xlsx", await reportWorkbook(40, 5), { sheet: "Archive" });
    expect(named.columns).toEqual(["order_id", "amount"]);
    expect(named.rows).toEqual(Array.from({ length: 5 }, (_, i) => [`A-${i + 1}`, String(i + 1)]));
    expect(named.notes[0].message).toContain("named by input.sheet");
    // 30 × 4 cells against 60 × 2: neither table clearly holds the data.
    const unclear = await failure(readAll("xlsx", await reportWorkbook(30, 60)));
    expect(unclear.code).toBe("SHEET_REQUIRED");
    expect(unclear.message).toContain("input.sheet");
  });
});

describe("Parquet reader", () => {
  it("reads a file written by DuckDB across row groups, values as text and nulls as null", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parquet-test-"));
    const path = join(dir, "x.parquet");
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    await connection.run(`
      COPY (
        SELECT i AS id,
               CASE WHEN i % 4 = 0 THEN NULL ELSE 'name ' || i END AS name,
               i * 0.5 AS half,
               DATE '2024-01-01' + CAST(i AS INTEGER) AS day,
               i % 2 = 0 AS even,
               lpad(CAST(i AS VARCHAR), 5, '0') AS zip
        FROM range(1, 2501) t(i)
      ) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
    connection.closeSync();
    const result = await readAll("parquet", new Uint8Array(readFileSync(path)), { batchRows: 700 });
    expect(result.columns).toEqual(["id", "name", "half", "day", "even", "zip"]);
    expect(result.rows.length).toBe(2500);
    expect(result.batches.map((b) => b.firstRow)).toEqual([1, 701, 1401, 2101]);
    expect(result.rows[0]).toEqual(["1", "name 1", "0.5", "2024-01-02", "false", "00001"]);
    expect(result.rows[3]).toEqual(["4", null, "2", "2024-01-05", "true", "00004"]);
    expect(result.rows[2499]).toEqual(["2500", null, "1250", "2030-11-05", "true", "02500"]);
  });

  it("fails a file that is not Parquet with INPUT_UNREADABLE", async () => {
    const err = await readAll("parquet", "definitely,not\nparquet,data\n").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe("INPUT_UNREADABLE");
  });
});
