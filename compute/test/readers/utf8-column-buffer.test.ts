import { makeVector, Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Utf8ColumnBuffer } from "../../src/readers/utf8-batch-builder.js";
import { utf8Cells } from "../../src/stats/utf8-column.js";

const encoder = new TextEncoder();

describe("a column buffer", () => {
  it("appends ranges of another column, missing and empty cells kept, between single cells, growing from one row", () => {
    const source = Array.from({ length: 100 }, (_, k) => (k % 9 === 4 ? null : k % 11 === 0 ? "" : `v${k}-${"é".repeat(k % 4)}`));
    // Arrow's own builder for the source, so the ranges come from offsets this buffer did not write.
    const [cells] = utf8Cells(vectorFromArray(source, new Utf8()));
    const buffer = new Utf8ColumnBuffer(1, 0);
    const bytes = encoder.encode("first");
    buffer.pushBytes(bytes, 0, bytes.length);
    buffer.pushRange(cells, 0, 3); // no missing cell yet: no bitmap
    buffer.pushRange(cells, 3, 3); // an empty range adds nothing
    buffer.pushRange(cells, 3, 40); // the first missing cell (4) makes the bitmap
    buffer.pushNull();
    buffer.pushRange(cells, 60, 100);
    buffer.pushString("last");
    const expected = ["first", ...source.slice(0, 40), null, ...source.slice(60, 100), "last"];
    const read = makeVector(buffer.toData(buffer.length)).toArray();
    expect(buffer.length).toBe(expected.length);
    expect(Array.from(read)).toEqual(expected);
    expect(buffer.nullCount).toBe(expected.filter((v) => v === null).length);
  });
});
