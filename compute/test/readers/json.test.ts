import { describe, expect, it } from "vitest";
import { EngineError } from "../../src/engine/types.js";
import { readAll } from "./read-all.js";

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

const records = [
  { id: 1, name: "Ann", address: { city: "Paris", geo: { lat: 48.85, lon: 2.35 } }, tags: ["a", "b"], active: true, note: null },
  { id: 2, name: 'Bob "B"', address: { city: "Oslo" }, tags: [], active: false },
  { id: 3, name: "Chloé, [x]", extra: "late column" },
];
const expectedColumns = ["id", "name", "address.city", "address.geo.lat", "address.geo.lon", "tags", "active", "note", "extra"];

describe("JSON array reader", () => {
  it("flattens nested objects to dotted columns and renders values as text, null as null", async () => {
    const result = await readAll("json", JSON.stringify(records, null, 2));
    expect(result.columns).toEqual(expectedColumns);
    expect(result.rows).toEqual([
      ["1", "Ann", "Paris", "48.85", "2.35", '["a","b"]', "true", null, null],
      ["2", 'Bob "B"', "Oslo", null, null, "[]", "false", null, null],
      ["3", "Chloé, [x]", null, null, null, null, null, null, "late column"],
    ]);
  });

  it("gives the same rows when the bytes arrive one at a time", async () => {
    const whole = await readAll("json", JSON.stringify(records));
    const byteByByte = await readAll("json", JSON.stringify(records), { chunkSize: 1 });
    expect(byteByByte.rows).toEqual(whole.rows);
  });

  it("reads an empty array as no rows and scalars as a value column", async () => {
    expect((await readAll("json", " [ ] ")).rows).toEqual([]);
    expect((await readAll("json", '[1, "two", null]')).rows).toEqual([["1"], ["two"], [null]]);
  });

  it("fails a broken record with the row and the byte offset where it starts", async () => {
    const text = '[{"a":1},\n {"a":2},\n {"a": tru}]';
    const err = await failure(readAll("json", text, { chunkSize: 5 }));
    expect(err.code).toBe("INPUT_UNREADABLE");
    expect(err.message).toContain(`Row 3 (byte offset ${text.indexOf('{"a": tru')})`);
  });

  it("fails a file that is not an array, and one that is cut short", async () => {
    expect((await failure(readAll("json", '{"a":1}'))).message).toContain("expected a JSON array");
    expect((await failure(readAll("json", '[{"a":1},{"a":'))).code).toBe("INPUT_UNREADABLE");
  });
});

describe("NDJSON reader", () => {
  it("reads one record per line, skipping blank lines, with CRLF and a BOM", async () => {
    const text = `\uFEFF${records.map((r) => JSON.stringify(r)).join("\r\n\r\n")}\r\n`;
    const result = await readAll("ndjson", text, { chunkSize: 3, batchRows: 2 });
    expect(result.rows.map((r) => r[1])).toEqual(["Ann", 'Bob "B"', "Chloé, [x]"]);
    expect(result.batches).toEqual([
      { firstRow: 1, rows: 2 },
      { firstRow: 3, rows: 1 },
    ]);
  });

  it("fails a bad line with its row and byte offset", async () => {
    const text = '{"a":1}\n{"a":2}\n{"a":\n';
    const err = await failure(readAll("ndjson", text));
    expect(err.message).toContain(`Row 3 (byte offset ${text.lastIndexOf('{"a":')})`);
  });
});
