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
