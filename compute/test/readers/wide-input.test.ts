/**
 * Wide inputs: more columns than MAX_COLUMNS are refused with INPUT_TOO_WIDE in every format,
 * before column buffers exist; allowed wide files are cut into batches by bytes, not only rows,
 * and read back exactly.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { folderStore } from "../../src/engine/object-store.js";
import { runToolOnStore } from "../../src/engine/run-tool.js";
import { jobFor, recordingHooks, testConfig } from "../engine/b2-run.js";
import { failure, readAll } from "./read-all.js";

const run = promisify(execFile);

function wideCsv(columns: number, rows: number, cell: (r: number, c: number) => string): string {
  const lines = [Array.from({ length: columns }, (_, c) => `c${c}`).join(",")];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, (_, c) => cell(r, c)).join(","));
  return `${lines.join("\n")}\n`;
}

describe("wide inputs", () => {
  it("refuses a CSV/TSV header wider than the limit (default 4,096) with INPUT_TOO_WIDE", async () => {
    const csv = await failure(
      readAll(
        "csv",
        wideCsv(4_097, 2, () => "1"),
      ),
    );
    expect(csv.code).toBe("INPUT_TOO_WIDE");
    expect(csv.message).toContain("the limit is 4096");
    const tsv = await failure(readAll("tsv", "a\tb\tc\td\n1\t2\t3\t4\n", { maxColumns: 3 }));
    expect(tsv.code).toBe("INPUT_TOO_WIDE");
    // Exactly at the limit is fine.
    const ok = await readAll(
      "csv",
      wideCsv(4_096, 2, (r, c) => `${r}.${c}`),
    );
    expect(ok.columns.length).toBe(4_096);
    expect(ok.rows[1][4_095]).toBe("1.4095");
  });

  it("refuses a header of two million empty fields without holding them, and counts a data row's extra fields", async () => {
    const header = ",".repeat(2_000_000);
    const wide = await failure(readAll("csv", `${header}\n`));
    expect(wide.code).toBe("INPUT_TOO_WIDE");
    // A data row with a million extra fields is still one ragged record, left out of the rows and handed over verbatim.
    const line = `1,2${",x".repeat(1_000_000)}`;
    const ragged = await readAll("csv", `a,b\n${line}\n3,4\n`);
    expect(ragged.rows).toEqual([["3", "4"]]);
    expect(ragged.ragged).toEqual([{ row: 1, line: 2, byteOffset: 4, fields: 1_000_002, expected: 2, raw: line }]);
  });

  it("refuses a JSON or NDJSON record with 100,000 keys, and keys that add up past the limit over rows", async () => {
    const record = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key_${i}`, i % 10]));
    const json = await failure(readAll("json", JSON.stringify([record])));
    expect(json.code).toBe("INPUT_TOO_WIDE");
    const ndjson = await failure(readAll("ndjson", `${JSON.stringify(record)}\n`));
    expect(ndjson.code).toBe("INPUT_TOO_WIDE");
    // Each row alone is narrow; together they name 6 columns against a limit of 5.
    const rows = [
      { a: 1, b: 2 },
      { c: 3, d: 4 },
      { e: 5, f: 6 },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const spread = await failure(readAll("ndjson", rows, { maxColumns: 5 }));
    expect(spread.code).toBe("INPUT_TOO_WIDE");
    expect(spread.message).toContain("row 3");
    const nested = await readAll("json", JSON.stringify([{ a: { b: 1, c: 2 }, d: 3 }]), { maxColumns: 3 });
    expect(nested.columns).toEqual(["a.b", "a.c", "d"]);
  });

  it("refuses an XLSX sheet and a Parquet schema wider than the limit", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Wide");
    sheet.addRow(Array.from({ length: 12 }, (_, c) => `c${c}`));
    sheet.addRow(Array.from({ length: 12 }, (_, c) => c));
    const xlsxBytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect((await failure(readAll("xlsx", xlsxBytes, { maxColumns: 11 }))).code).toBe("INPUT_TOO_WIDE");
    expect((await readAll("xlsx", xlsxBytes, { maxColumns: 12 })).rows).toEqual([Array.from({ length: 12 }, (_, c) => String(c))]);

    const dir = mkdtempSync(join(tmpdir(), "wide-parquet-"));
    const path = join(dir, "wide.parquet");
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const select = Array.from({ length: 12 }, (_, c) => `i + ${c} AS c${c}`).join(", ");
    await connection.run(`COPY (SELECT ${select} FROM range(3) t(i)) TO '${path}' (FORMAT parquet)`);
    connection.closeSync();
    const parquetBytes = new Uint8Array(readFileSync(path));
    const parquet = await failure(readAll("parquet", parquetBytes, { maxColumns: 11 }));
    expect(parquet.code).toBe("INPUT_TOO_WIDE");
    expect(parquet.message).toContain("The Parquet schema has 12 columns");
    expect((await readAll("parquet", parquetBytes, { maxColumns: 12 })).rows[2][11]).toBe("13");
  });

  it("fails a run on a too-wide file with INPUT_TOO_WIDE before any agent starts (nothing is charged)", async () => {
    const root = mkdtempSync(join(tmpdir(), "wide-run-"));
    const prefix = `users/usr_test/tasks/tsk_${Math.random().toString(36).slice(2, 10)}/`;
    const key = `${prefix}inputs/primary.csv`;
    const text = wideCsv(30, 3, () => "1");
    mkdirSync(join(root, prefix, "inputs"), { recursive: true });
    writeFileSync(join(root, key), text);
    const hooks = recordingHooks();
    const err = await failure(
      runToolOnStore({
        job: jobFor(prefix, { key, size: text.length }),
        store: folderStore(root),
        config: testConfig({ MAX_COLUMNS: "29" }),
        signal: new AbortController().signal,
        hooks,
      }),
    );
    expect(err.code).toBe("INPUT_TOO_WIDE");
    expect(err.message).toBe("The header row has 30 columns; the limit is 29 (MAX_COLUMNS). Split the file into narrower ones");
    expect(hooks.events).toEqual([]);
  });

  it("cuts a wide file into batches by bytes as well as rows, and reads every cell back", async () => {
    // 2,000 columns × 300 rows of 6-byte cells: 10 bytes a cell with its offset, 20,000 bytes a row.
    const columns = 2_000;
    const cell = (r: number, c: number) => `${String(r).padStart(3, "0")}${String(c % 1000).padStart(3, "0")}`;
    const text = wideCsv(columns, 300, cell);
    const budget = 1024 * 1024;
    const result = await readAll("csv", text, { batchRows: 65_536, batchBytes: budget, maxColumns: columns });
    const rowBytes = columns * (6 + 4);
    const perBatch = Math.ceil(budget / rowBytes);
    expect(result.batches.map((b) => b.rows)).toEqual([perBatch, perBatch, perBatch, perBatch, perBatch, 300 - 5 * perBatch]);
    expect(result.batches.map((b) => b.firstRow)).toEqual([0, 1, 2, 3, 4, 5].map((k) => 1 + k * perBatch));
    expect(result.rows.length).toBe(300);
    for (const r of [0, 52, 53, 299]) expect(result.rows[r]).toEqual(Array.from({ length: columns }, (_, c) => cell(r, c)));
    // A narrow file still batches by rows.
    const narrow = await readAll("csv", wideCsv(3, 10, cell), { batchRows: 4, batchBytes: budget });
    expect(narrow.batches.map((b) => b.rows)).toEqual([4, 4, 2]);
  });

  it("reads a 10,000-column CSV, when allowed, in a process whose peak RSS stays far under 512 MiB", async () => {
    // The old builder reserved 65,537 offsets and 512 KiB of text per column up front: several GiB here.
    const dir = mkdtempSync(join(tmpdir(), "wide-rss-"));
    const file = join(dir, "wide.csv");
    writeFileSync(
      file,
      wideCsv(10_000, 8, (r, c) => `${(c * 7 + r * 13) % 1000}.${r}`),
    );
    const child = join(import.meta.dirname, "wide-ingest-child.ts");
    const { stdout } = await run(process.execPath, ["--import", "tsx", child, file, "10000"], { timeout: 120_000 });
    const measured = JSON.parse(stdout.trim().split("\n").at(-1) as string) as { rows: number; columns: number; maxRssMiB: number };
    expect(measured.rows).toBe(8);
    expect(measured.columns).toBe(10_000);
    expect(measured.maxRssMiB).toBeLessThan(512);
  }, 130_000);
});
