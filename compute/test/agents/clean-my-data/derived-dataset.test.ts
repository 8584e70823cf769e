import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Table, Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { DerivedDatasetWriter, originOf, rowNumberOf } from "../../../src/agents/clean-my-data/derived-dataset.js";
import { rewriteRows } from "../../../src/agents/clean-my-data/rewrite-rows.js";
import { cellValue, columnsOf, RowBatchBuilder } from "../../../src/agents/clean-my-data/row-batch.js";
import type { DataBatch, Dataset } from "../../../src/engine/types.js";
import { datasetFromRows } from "../../support/dataset.js";
import { spilledCsv } from "../../support/spilled-csv.js";
import { readRows } from "./clean-support.js";

describe("derived datasets", () => {
  it("keep each row's original row number through removals and edits, over repeated passes, and know their origin", async () => {
    const source = datasetFromRows(
      ["a", "b"],
      Array.from({ length: 10 }, (_, i) => [`a${i + 1}`, i % 3 === 0 ? null : `b${i + 1}`]),
      { batchSize: 4 },
    );
    const spillDir = mkdtempSync(join(tmpdir(), "derived-"));
    // First derivation: drop even rows, rewrite column b of row 5.
    const first = await DerivedDatasetWriter.open(spillDir, "first", ["a", "b"], source);
    for await (const data of source.batches()) {
      const cells = columnsOf(data.batch, 2);
      const out = new RowBatchBuilder(["a", "b"], data.batch.numRows);
      for (let i = 0; i < data.batch.numRows; i++) {
        const row = data.firstRow + i;
        if (row % 2 === 0) continue;
        out.begin(row);
        out.copy(0, cells[0], i);
        if (row === 5) out.set(1, "changed");
        else out.copy(1, cells[1], i);
        out.end();
      }
      const built = out.finish();
      await first.write(built.batch, built.rows);
    }
    const derived = await first.finish();

    // Second derivation passes batches through untouched.
    const second = await DerivedDatasetWriter.open(spillDir, "second", ["a", "b"], derived);
    for await (const data of derived.batches()) await second.writeBatch(data);
    const again = await second.finish();

    const expected = [
      { row: 1, values: ["a1", null] },
      { row: 3, values: ["a3", "b3"] },
      { row: 5, values: ["a5", "changed"] },
      { row: 7, values: ["a7", null] },
      { row: 9, values: ["a9", "b9"] },
    ];
    expect(await readRows(derived)).toEqual(expected);
    expect(await readRows(again)).toEqual(expected);
    expect(await readRows(again)).toEqual(expected);
    expect(again.rowCount).toBe(5);
    expect(originOf(again)).toBe(source);
  });
});

describe("transient reads of a derived dataset", () => {
  it("give every row a plain read gives, each batch in the buffers of the batch two before it", async () => {
    // 23 batches of 300 rows: a rewrite drops every seventh row and changes column b, so each
    // derived batch takes columns from two stored batches (a and c from the upload, b its own).
    const lines = Array.from({ length: 6_900 }, (_, k) => `a${k},"b ${k}, é",${k % 5 === 0 ? "" : `c${k}`}`);
    const upload = await spilledCsv(`a,b,c\n${lines.join("\n")}\n`, { batchRows: 300 });
    const derived = await rewriteRows({
      name: "transient",
      source: upload,
      outColumns: upload.columns,
      spillDir: mkdtempSync(join(tmpdir(), "transient-")),
      signal: new AbortController().signal,
      progress: () => undefined,
      rewriteRow(cells, i, row, out) {
        if (row % 7 === 0) return;
        out.begin(row);
        out.copy(0, cells[0], i);
        out.set(1, `${cellValue(cells[1], i)}!`);
        out.copy(2, cells[2], i);
        out.end();
      },
    });
    const expected = lines.flatMap((_line, k) => {
      const row = k + 1;
      if (row % 7 === 0) return [];
      return [{ row, values: [`a${k}`, `b ${k}, é!`, k % 5 === 0 ? "" : `c${k}`] }];
    });
    expect(await readRows(derived)).toEqual(expected);

    // Each batch read before the next one is asked for, as a transient read allows.
    const read: { row: number; values: (string | null)[] }[] = [];
    const buffers: ArrayBufferLike[][] = [];
    for await (const data of derived.transientBatches() as AsyncIterable<DataBatch>) {
      const cells = columnsOf(data.batch, 3);
      for (let i = 0; i < data.batch.numRows; i++) read.push({ row: rowNumberOf(data, i), values: cells.map((c) => cellValue(c, i)) });
      buffers.push(cells.map((c) => c.values.buffer));
    }
    expect(read).toEqual(expected);
    expect(buffers.length).toBe(23);
    for (let e = 2; e < buffers.length; e++) {
      for (let c = 0; c < 3; c++) {
        expect(buffers[e][c]).toBe(buffers[e - 2][c]);
        expect(buffers[e][c]).not.toBe(buffers[e - 1][c]);
      }
    }
  });
});

/** The record batches of a small table of three columns a, b, c. */
function batchesOf(rowsOf: (string | null)[][]) {
  const table = new Table({
    a: vectorFromArray(
      rowsOf.map((r) => r[0]),
      new Utf8(),
    ),
    b: vectorFromArray(
      rowsOf.map((r) => r[1]),
      new Utf8(),
    ),
    c: vectorFromArray(
      rowsOf.map((r) => r[2]),
      new Utf8(),
    ),
  });
  return table.batches;
}

describe("rows built from a source batch", () => {
  /** Rebuilds each batch through RowBatchBuilder with `plan`, spills it and reads every row back. */
  async function rebuilt(
    rows: (string | null)[][],
    plan: (row: number, cells: ReturnType<typeof columnsOf>, i: number, out: RowBatchBuilder) => void,
  ) {
    const source = datasetFromRows(["a", "b", "c"], rows, { batchSize: 4 });
    const writer = await DerivedDatasetWriter.open(mkdtempSync(join(tmpdir(), "rebuilt-")), "rebuilt", ["a", "b", "c"], source);
    for await (const data of source.batches()) {
      const cells = columnsOf(data.batch, 3);
      const out = new RowBatchBuilder(["a", "b", "c"], data.batch.numRows, { batch: data.batch, cells });
      for (let i = 0; i < data.batch.numRows; i++) plan(data.firstRow + i, cells, i, out);
      if (out.rows > 0) {
        const built = out.finish();
        await writer.write(built.batch, built.rows);
      }
    }
    return readRows(await writer.finish());
  }

  const rows = Array.from({ length: 10 }, (_, k) => [`a${k + 1}`, k % 3 === 0 ? null : `b${k + 1}`, k === 6 ? "" : `c${k + 1}`]);

  it("gives every copied, changed and dropped cell as asked, whichever columns pass through untouched", async () => {
    const result = await rebuilt(rows, (row, cells, i, out) => {
      // Row 7 is dropped; column b of row 2 and column c of row 9 are rewritten; the rest is copied.
      if (row === 7) return;
      out.begin(row);
      out.copy(0, cells[0], i);
      if (row === 2) out.set(1, "new b2");
      else out.copy(1, cells[1], i);
      if (row === 9) out.set(2, null);
      else out.copy(2, cells[2], i);
      out.end();
    });
    const expected = rows
      .map((values, k) => ({ row: k + 1, values: [...values] }))
      .filter((r) => r.row !== 7)
      .map((r) => {
        if (r.row === 2) r.values[1] = "new b2";
        if (r.row === 9) r.values[2] = null;
        return r;
      });
    expect(result).toEqual(expected);
  });

  it("copies a column into another position and a source column twice", async () => {
    const result = await rebuilt(rows, (row, cells, i, out) => {
      out.begin(row);
      out.copy(0, cells[1], i);
      out.copy(1, cells[1], i);
      out.copy(2, cells[0], i);
      out.end();
    });
    expect(result).toEqual(rows.map((values, k) => ({ row: k + 1, values: [values[1], values[1], values[0]] })));
  });

  // 200 rows in batches of 64: missing cells in b, empty ones in c, so runs of copied rows carry both.
  const many = Array.from({ length: 200 }, (_, k) => [`a${k + 1}`, k % 3 === 0 ? null : `b${k + 1}`, k % 7 === 0 ? "" : `c${k + 1}`]);
  const manyBatches = (rowsOf: (string | null)[][]) => datasetFromRows(["a", "b", "c"], rowsOf, { batchSize: 64 });

  it("drops rows anywhere (a batch's first and last, runs of them) and rewrites cells after the drops", async () => {
    const dropped = (row: number) => row === 1 || row === 64 || row === 65 || row % 5 === 0 || (row >= 100 && row <= 110) || row === 200;
    const source = manyBatches(many);
    const writer = await DerivedDatasetWriter.open(mkdtempSync(join(tmpdir(), "dropped-")), "dropped", ["a", "b", "c"], source);
    for await (const data of source.batches()) {
      const cells = columnsOf(data.batch, 3);
      const out = new RowBatchBuilder(["a", "b", "c"], data.batch.numRows, { batch: data.batch, cells });
      for (let i = 0; i < data.batch.numRows; i++) {
        const row = data.firstRow + i;
        if (dropped(row)) continue;
        out.begin(row);
        out.copy(0, cells[0], i);
        // Column b changes once late in each batch (its earlier rows are then copied in runs); c never does.
        if (row % 64 === 50) out.set(1, `new ${row}`);
        else out.copy(1, cells[1], i);
        out.copy(2, cells[2], i);
        out.end();
      }
      const built = out.finish();
      await writer.write(built.batch, built.rows);
    }
    const expected = many
      .map((values, k) => ({ row: k + 1, values: [...values] }))
      .filter((r) => !dropped(r.row))
      .map((r) => (r.row % 64 === 50 ? { row: r.row, values: [r.values[0], `new ${r.row}`, r.values[2]] } : r));
    expect(expected.length).toBe(150);
    expect(await readRows(await writer.finish())).toEqual(expected);
  });

  it("takes a row's cells from different source rows, and rows out of order", async () => {
    const source = manyBatches(many);
    const writer = await DerivedDatasetWriter.open(mkdtempSync(join(tmpdir(), "moved-")), "moved", ["a", "b", "c"], source);
    const expected: { row: number; values: (string | null)[] }[] = [];
    for await (const data of source.batches()) {
      const cells = columnsOf(data.batch, 3);
      const n = data.batch.numRows;
      const out = new RowBatchBuilder(["a", "b", "c"], n, { batch: data.batch, cells });
      // Each batch's rows in reverse; from the 10th output row on, column c comes from the next source row.
      for (let k = 0; k < n; k++) {
        const i = n - 1 - k;
        const other = k >= 10 ? (i + 1) % n : i;
        out.begin(data.firstRow + i);
        out.copy(0, cells[0], i);
        out.copy(1, cells[1], i);
        out.copy(2, cells[2], other);
        out.end();
        const at = data.firstRow - 1;
        expected.push({ row: data.firstRow + i, values: [many[at + i][0], many[at + i][1], many[at + other][2]] });
      }
      const built = out.finish();
      await writer.write(built.batch, built.rows);
    }
    expect(await readRows(await writer.finish())).toEqual(expected);
  });

  it("passes columns whole with no call per row, beside a column written, through dropped rows", async () => {
    const source = manyBatches(many);
    const writer = await DerivedDatasetWriter.open(mkdtempSync(join(tmpdir(), "passed-")), "passed", ["a", "b", "c"], source);
    const kept = (row: number) => row % 6 !== 0 && row !== 65;
    for await (const data of source.batches()) {
      const cells = columnsOf(data.batch, 3);
      const out = new RowBatchBuilder(["a", "b", "c"], data.batch.numRows, { batch: data.batch, cells });
      out.pass(0, cells[0]);
      out.pass(2, cells[2]);
      for (let i = 0; i < data.batch.numRows; i++) {
        const row = data.firstRow + i;
        if (!kept(row)) continue;
        out.begin(row, i);
        if (row % 10 === 3) out.set(1, `b${row}!`);
        else out.copy(1, cells[1], i);
        out.end();
      }
      const built = out.finish();
      await writer.write(built.batch, built.rows);
    }
    const expected = many
      .map((values, k) => ({ row: k + 1, values: k % 10 === 2 ? [values[0], `b${k + 1}!`, values[2]] : values }))
      .filter((r) => kept(r.row));
    expect(await readRows(await writer.finish())).toEqual(expected);
  });

  it("refuses a cell for a column passed whole, and a row that does not name its source row", () => {
    const [data] = batchesOf(many.slice(0, 4));
    const cells = columnsOf(data, 3);
    const out = new RowBatchBuilder(["a", "b", "c"], 4, { batch: data, cells });
    out.pass(0, cells[0]);
    expect(() => out.begin(1)).toThrow(/names its source row/);
    out.begin(1, 0);
    expect(() => out.set(0, "x")).toThrow(/passes whole/);
    out.copy(1, cells[1], 0);
    out.copy(2, cells[2], 0);
    out.end();
    expect(() => out.pass(1, cells[1])).toThrow(/first row/);
  });

  it("gathers rows from several batches into one builder with no source batch", async () => {
    const source = manyBatches(many);
    const writer = await DerivedDatasetWriter.open(mkdtempSync(join(tmpdir(), "gathered-")), "gathered", ["a", "b", "c"], source);
    const out = new RowBatchBuilder(["a", "b", "c"], 200);
    for await (const data of source.batches()) {
      const cells = columnsOf(data.batch, 3);
      for (let i = 0; i < data.batch.numRows; i++) {
        const row = data.firstRow + i;
        if (row % 4 === 0) continue;
        out.begin(row);
        for (let c = 0; c < 3; c++) out.copy(c, cells[c], i);
        out.end();
      }
    }
    const built = out.finish();
    await writer.write(built.batch, built.rows);
    const expected = many.map((values, k) => ({ row: k + 1, values })).filter((r) => r.row % 4 !== 0);
    expect(await readRows(await writer.finish())).toEqual(expected);
  });
});

describe("columns passed through untouched", () => {
  /** Derives `source` into a new spill, replacing column `changed` (when given) by f(row, old value). */
  async function derive(
    spillDir: string,
    name: string,
    source: Dataset,
    changed?: number,
    f?: (row: number, old: string | null) => string,
  ) {
    const width = source.columns.length;
    const writer = await DerivedDatasetWriter.open(spillDir, name, source.columns, source);
    for await (const data of source.batches()) {
      const cells = columnsOf(data.batch, width);
      const out = new RowBatchBuilder(source.columns, data.batch.numRows, { batch: data.batch, cells });
      for (let i = 0; i < data.batch.numRows; i++) {
        const row = data.firstRow + i;
        out.begin(row);
        for (let c = 0; c < width; c++) {
          if (c === changed && f) out.set(c, f(row, cellValue(cells[c], i)));
          else out.copy(c, cells[c], i);
        }
        out.end();
      }
      const built = out.finish();
      await writer.write(built.batch, built.rows);
    }
    return writer.finish();
  }
  const spillBytes = (dir: string, name: string) =>
    readdirSync(dir)
      .filter((f) => f.startsWith(`${name}-`))
      .reduce((n, f) => n + statSync(join(dir, f)).size, 0);

  it("are not written again, and read back exactly, through a chain of agents from a real spill", async () => {
    const rows = 5_000;
    const lines = ["id,name,city,amount"];
    const truth: string[][] = [];
    for (let r = 1; r <= rows; r++) {
      const row = [String(r), `name ${r % 97}`, ["Paris", "Lyon", "Nice", "Metz"][r % 4], (r * 1.5).toFixed(1)];
      truth.push(row);
      lines.push(row.join(","));
    }
    const spillDir = mkdtempSync(join(tmpdir(), "pieces-spill-"));
    const input = await spilledCsv(`${lines.join("\n")}\n`, { batchRows: 700, spillDir });

    // Agent 1 changes `city`; agent 2 changes nothing; agent 3 changes `amount` (reading agent 1's city through agent 2).
    const first = await derive(spillDir, "first", input, 2, (row, old) => (old === "Metz" ? "unknown" : `${old}-${row % 3}`));
    const second = await derive(spillDir, "second", first);
    const third = await derive(spillDir, "third", second, 3, (row, old) => `${old}|${row}`);

    const expected = truth.map((row, k) => {
      const r = k + 1;
      const city = row[2] === "Metz" ? "unknown" : `${row[2]}-${r % 3}`;
      return { row: r, values: [row[0], row[1], city, `${row[3]}|${r}`] };
    });
    expect(await readRows(third)).toEqual(expected);
    // Read twice: a pass leaves nothing behind that changes the next one.
    expect(await readRows(third)).toEqual(expected);
    expect(originOf(third)).toBe(input);

    // Only the changed column is on disk for agents 1 and 3, nothing at all for agent 2.
    const cityBytes = truth.reduce((n, row, k) => n + Buffer.byteLength(row[2] === "Metz" ? "unknown" : `${row[2]}-${(k + 1) % 3}`), 0);
    const allBytes = truth.reduce((n, row) => n + row.reduce((m, v) => m + v.length, 0), 0);
    expect(spillBytes(spillDir, "second")).toBe(0);
    expect(spillBytes(spillDir, "first")).toBeGreaterThan(cityBytes);
    expect(spillBytes(spillDir, "first")).toBeLessThan(cityBytes + allBytes / 2);
  });

  it("are written when they come from memory, not from a spill", async () => {
    const spillDir = mkdtempSync(join(tmpdir(), "pieces-memory-"));
    const source = datasetFromRows(
      ["a", "b"],
      Array.from({ length: 300 }, (_, i) => [`a${i}`, `b${i}`]),
      { batchSize: 128 },
    );
    const copy = await derive(spillDir, "copy", source);
    expect(spillBytes(spillDir, "copy")).toBeGreaterThan(300 * 4);
    expect(await readRows(copy)).toEqual(Array.from({ length: 300 }, (_, i) => ({ row: i + 1, values: [`a${i}`, `b${i}`] })));
  });
});
