import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DerivedDatasetWriter, originOf } from "../../../src/agents/clean-my-data/derived-dataset.js";
import { columnsOf, RowBatchBuilder } from "../../../src/agents/clean-my-data/row-batch.js";
import { datasetFromRows } from "../../support/dataset.js";
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
});
