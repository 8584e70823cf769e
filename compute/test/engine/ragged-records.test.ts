import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RAGGED_SAMPLE_CHARS, RaggedRecords } from "../../src/engine/ragged-records.js";

const encoder = new TextEncoder();

function record(row: number, raw: string) {
  return { row, line: row + 1, byteOffset: row * 100, fields: 3, expected: 2, raw: encoder.encode(raw) };
}

describe("the spill of ragged records", () => {
  it("keeps text up to its byte bound, then positions only, and counts both exactly", async () => {
    const spill = new RaggedRecords(join(mkdtempSync(join(tmpdir(), "ragged-")), "r.ndjson"), 25);
    // 10 bytes each ("é" is two): two fit in 25 bytes, three do not.
    for (let row = 1; row <= 5; row++) spill.add(record(row, `é,${row},xxxxx`));
    spill.close();
    expect(spill.count).toBe(5);
    expect(spill.rawDropped).toBe(3);
    const read = [];
    for await (const r of spill.records()) read.push(r);
    expect(read.map((r) => [r.row, r.line, r.raw])).toEqual([
      [1, 2, "é,1,xxxxx"],
      [2, 3, "é,2,xxxxx"],
      [3, 4, null],
      [4, 5, null],
      [5, 6, null],
    ]);
    // The in-memory sample (the first 1,000, for report.json) keeps a cut of every one's text.
    expect(spill.samples.map((r) => r.raw)).toEqual([1, 2, 3, 4, 5].map((row) => `é,${row},xxxxx`));
  });

  it("cuts the sample's text but spills the whole line", async () => {
    const long = "x".repeat(RAGGED_SAMPLE_CHARS * 3);
    const spill = new RaggedRecords(join(mkdtempSync(join(tmpdir(), "ragged-")), "r.ndjson"));
    spill.add(record(1, long));
    spill.close();
    expect(spill.samples[0].raw).toHaveLength(RAGGED_SAMPLE_CHARS);
    for await (const r of spill.records()) expect(r.raw).toBe(long);
  });
});
