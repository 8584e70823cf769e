/** Records far longer than a stream chunk: read exactly, in one pass over the bytes. */
import { describe, expect, it } from "vitest";
import { EngineError } from "../../src/engine/types.js";
import { readAll } from "./read-all.js";

describe("long records", () => {
  it("reads a single-line NDJSON record of 3 MB arriving in 1 KB chunks, and the lines around it", async () => {
    const text = "é".repeat(1_500_000);
    const lines = [JSON.stringify({ id: 1, text: "short" }), JSON.stringify({ id: 2, text }), "", JSON.stringify({ id: 3 })];
    const result = await readAll("ndjson", `\uFEFF${lines.join("\r\n")}`, { chunkSize: 1024 });
    expect(result.columns).toEqual(["id", "text"]);
    expect(result.rows.length).toBe(3);
    expect(result.rows[0]).toEqual(["1", "short"]);
    expect(result.rows[1][1]?.length).toBe(1_500_000);
    expect(result.rows[1][1]).toBe(text);
    expect(result.rows[2]).toEqual(["3", null]);
  });

  it("points at the row and byte offset of a broken line after a long one", async () => {
    const first = JSON.stringify({ id: 1, text: "x".repeat(200_000) });
    const err = await readAll("ndjson", `${first}\n{"id": 2,\n`, { chunkSize: 4096 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toContain(`Row 2 (byte offset ${first.length + 1})`);
  });

  it("reads a JSON array whose one record is 3 MB, in 1 KB chunks", async () => {
    const text = "z".repeat(3_000_000);
    const result = await readAll(
      "json",
      JSON.stringify([
        { id: 1, text },
        { id: 2, text: "b" },
      ]),
      { chunkSize: 1024 },
    );
    expect(result.rows.map((r) => r[1]?.length)).toEqual([3_000_000, 1]);
  });
});
