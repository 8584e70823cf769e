import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RecordBatch, Table, tableToIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { ingestDataset, SpilledDataset } from "../../src/engine/dataset.js";
import { folderStore } from "../../src/engine/object-store.js";
import { EngineError } from "../../src/engine/types.js";
import { spilledCsv } from "../support/spilled-csv.js";

function folder() {
  const dir = mkdtempSync(join(tmpdir(), "dataset-test-"));
  return { dir, store: folderStore(dir), spillDir: mkdtempSync(join(tmpdir(), "dataset-spill-")) };
}

async function collect(batches: AsyncIterable<{ batch: RecordBatch; firstRow: number }>) {
  const out: { firstRow: number; ipc: Uint8Array; rows: unknown[] }[] = [];
  for await (const { batch, firstRow } of batches) {
    out.push({ firstRow, ipc: tableToIPC(new Table(batch)), rows: batch.toArray().map((r) => r.toJSON()) });
  }
  return out;
}

describe("spilled datasets", () => {
  it("gives identical batches on every pass, with row numbers, counts and sizes", async () => {
    const { dir, store, spillDir } = folder();
    const lines = Array.from({ length: 2_500 }, (_, i) => `${i + 1},"name ${i}",${i % 3 === 0 ? "" : i * 2}`);
    const text = `id,name,value\n${lines.join("\n")}\n`;
    writeFileSync(join(dir, "in.csv"), text);
    const dataset = await ingestDataset({
      store,
      key: "in.csv",
      role: "primary",
      format: "csv",
      batchRows: 1_000,
      maxBytes: 1e9,
      spillDir,
    });
    expect(dataset.columns).toEqual(["id", "name", "value"]);
    expect(dataset.rowCount).toBe(2_500);
    expect(dataset.byteSize).toBe(Buffer.byteLength(text));
    const first = await collect(dataset.batches());
    const second = await collect(dataset.batches());
    expect(first.map((b) => b.firstRow)).toEqual([1, 1001, 2001]);
    expect(second.map((b) => b.ipc)).toEqual(first.map((b) => b.ipc));
    expect(first[1].rows[0]).toEqual({ id: "1001", name: "name 1000", value: "2000" });
    expect(first[2].rows[498]).toEqual({ id: "2499", name: "name 2498", value: "4996" });
    expect(first[2].rows[499]).toEqual({ id: "2500", name: "name 2499", value: "" });
    // A transient pass reads every batch into one buffer: each is whole while it is the current one.
    const transient = await collect(dataset.transientBatches());
    expect(transient.map((b) => b.firstRow)).toEqual([1, 1001, 2001]);
    expect(transient.map((b) => b.ipc)).toEqual(first.map((b) => b.ipc));
    // Passes over ranges of the spill share one buffer handed to each: it is made once, for the largest batch.
    const source = dataset.spillSource();
    const buffer = { bytes: new Uint8Array(0) };
    const ranges = [source.entries.slice(1), source.entries.slice(0, 1)];
    const passes = [];
    const held: Uint8Array[] = [];
    for (const entries of ranges) {
      passes.push(...(await collect(SpilledDataset.fromSpillSource({ ...source, entries }).transientBatches(undefined, buffer))));
      held.push(buffer.bytes);
    }
    expect(passes.map((b) => b.firstRow)).toEqual([1001, 2001, 1]);
    expect(passes.map((b) => b.ipc)).toEqual([first[1].ipc, first[2].ipc, first[0].ipc]);
    expect(held[1]).toBe(held[0]);
    expect(buffer.bytes.length).toBe(Math.max(...source.entries.map((e) => e.length)));
  });

  it("fails a pass over a spill cut short instead of reading the missing bytes as cells", async () => {
    const dataset = await spilledCsv(`id,name\n${Array.from({ length: 3_000 }, (_, i) => `${i},n${i}`).join("\n")}\n`, {
      batchRows: 1_000,
    });
    const { spillPath, entries } = dataset.spillSource();
    const last = entries[entries.length - 1];
    truncateSync(spillPath, last.offset + Math.floor(last.length / 2));
    await expect(collect(dataset.batches())).rejects.toThrow(/A spill gave \d+ of a batch's \d+ bytes/);
    await expect(collect(dataset.transientBatches())).rejects.toThrow(/A spill gave/);
  });

  it("gives every batch of a JSON file every column, null where a record lacks one", async () => {
    const { dir, store, spillDir } = folder();
    const records = [{ a: 1 }, { a: 2 }, { a: 3, b: { c: "x" } }];
    writeFileSync(join(dir, "in.ndjson"), records.map((r) => JSON.stringify(r)).join("\n"));
    const dataset = await ingestDataset({
      store,
      key: "in.ndjson",
      role: "primary",
      format: "ndjson",
      batchRows: 2,
      maxBytes: 1e9,
      spillDir,
    });
    expect(dataset.columns).toEqual(["a", "b.c"]);
    const rows = (await collect(dataset.batches())).flatMap((b) => b.rows);
    expect(rows).toEqual([
      { a: "1", "b.c": null },
      { a: "2", "b.c": null },
      { a: "3", "b.c": "x" },
    ]);
  });

  it("refuses a file over the size limit with INPUT_TOO_LARGE and a missing one with INPUT_UNREADABLE", async () => {
    const { dir, store, spillDir } = folder();
    writeFileSync(join(dir, "big.csv"), "a\n1\n2\n3\n");
    const tooLarge = await ingestDataset({
      store,
      key: "big.csv",
      role: "primary",
      format: "csv",
      batchRows: 10,
      maxBytes: 5,
      spillDir,
    }).catch((e) => e);
    expect(tooLarge).toBeInstanceOf(EngineError);
    expect((tooLarge as EngineError).code).toBe("INPUT_TOO_LARGE");
    expect((tooLarge as EngineError).message).toBe("The primary input is 8 bytes; the limit is 5");
    const missing = await ingestDataset({
      store,
      key: "nope.csv",
      role: "baseline",
      format: "csv",
      batchRows: 10,
      maxBytes: 100,
      spillDir,
    }).catch((e) => e);
    expect((missing as EngineError).code).toBe("INPUT_UNREADABLE");
  });
});

describe("ingest failures", () => {
  it("names the baseline when the baseline file is the broken one", async () => {
    const { dir, store, spillDir } = folder();
    writeFileSync(join(dir, "old.json"), '[{"a":1},{"a":]');
    const err = await ingestDataset({
      store,
      key: "old.json",
      role: "baseline",
      format: "json",
      batchRows: 10,
      maxBytes: 1e6,
      spillDir,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.message).toBe("Baseline file: Row 2 (byte offset 9): the record is not closed before the end of the file");
  });
});
