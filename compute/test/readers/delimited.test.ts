import { describe, expect, it } from "vitest";
import { EngineError } from "../../src/engine/types.js";
import { bytesOf, readAll } from "./read-all.js";

const tricky = '\uFEFFid,comment,amount\r\n1,"Smith, John",10\r\n2,"line one\nline two",20\r\n3,"she said ""hi""",30\r\n4,,\r\n';
const trickyRows = [
  ["1", "Smith, John", "10"],
  ["2", "line one\nline two", "20"],
  ["3", 'she said "hi"', "30"],
  ["4", "", ""],
];

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

describe("CSV reader", () => {
  it("reads quoted delimiters, embedded newlines, doubled quotes, CRLF and a BOM", async () => {
    const result = await readAll("csv", tricky);
    expect(result.columns).toEqual(["id", "comment", "amount"]);
    expect(result.rows).toEqual(trickyRows);
    expect(result.ragged).toEqual([]);
  });

  it("gives the same rows whatever the chunk boundaries", async () => {
    for (const chunkSize of [1, 2, 3, 5, 7, 13]) {
      const result = await readAll("csv", tricky, { chunkSize });
      expect(result.rows, `chunks of ${chunkSize}`).toEqual(trickyRows);
    }
  });

  it("keeps a quoted field that is the last thing in the file, without a final newline", async () => {
    const result = await readAll("csv", 'a,b\n1,"x\r\ny"', { chunkSize: 2 });
    expect(result.rows).toEqual([["1", "x\r\ny"]]);
  });

  it("cuts batches of the configured size with 1-based first rows", async () => {
    const text = `n\n${Array.from({ length: 7 }, (_, i) => `${i + 1}`).join("\n")}\n`;
    const result = await readAll("csv", text, { batchRows: 3 });
    expect(result.batches).toEqual([
      { firstRow: 1, rows: 3 },
      { firstRow: 4, rows: 3 },
      { firstRow: 7, rows: 1 },
    ]);
    expect(result.rows.map((r) => r[0])).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
  });

  it("sniffs semicolon, tab and pipe delimiters, respecting quotes", async () => {
    expect((await readAll("csv", 'a;b;c\n"1;5";2;3\n4;5;6\n')).rows).toEqual([
      ["1;5", "2", "3"],
      ["4", "5", "6"],
    ]);
    expect((await readAll("csv", "a\tb\n1,5\t2\n")).rows).toEqual([["1,5", "2"]]);
    expect((await readAll("csv", "a|b\nx|y\n")).columns).toEqual(["a", "b"]);
    expect((await readAll("tsv", "a,b\tc\n1,2\t3\n")).rows).toEqual([["1,2", "3"]]);
  });

  it("leaves short and long records out of the batches and hands each over verbatim with its row, line and byte offset", async () => {
    const text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n";
    const result = await readAll("csv", text);
    expect(result.rows).toEqual([
      ["1", "2", "3"],
      ["10", "11", "12"],
    ]);
    expect(result.batches).toEqual([
      { firstRow: 1, rows: 1 },
      { firstRow: 4, rows: 1 },
    ]);
    expect(result.ragged).toEqual([
      { row: 2, line: 3, byteOffset: text.indexOf("4,5"), fields: 2, expected: 3, raw: "4,5" },
      { row: 3, line: 4, byteOffset: text.indexOf("6,7"), fields: 4, expected: 3, raw: "6,7,8,9" },
    ]);
  });

  it("numbers physical lines across multi-line quoted fields, CRLF and blank lines, whatever the chunk size", async () => {
    // The test writes the lines itself, so it knows where each record starts.
    const lines = ["id,note,amount", '1,"two\nlines",5', "", "2,plain,$6,748.84", '3,"a ""q"", b\r\nc",7', "4,x"];
    const text = `${lines.join("\r\n")}\r\n`;
    for (const chunkSize of [1, 3, 64 * 1024]) {
      const result = await readAll("csv", text, { chunkSize });
      expect(result.rows, `chunks of ${chunkSize}`).toEqual([
        ["1", "two\nlines", "5"],
        ["3", 'a "q", b\r\nc', "7"],
      ]);
      expect(result.lines).toEqual([2, 6]);
      expect(result.ragged.map((r) => [r.row, r.line, r.raw])).toEqual([
        [2, 5, "2,plain,$6,748.84"],
        [4, 8, "4,x"],
      ]);
    }
  });

  it("skips blank lines, names blank and repeated headers, and keeps multi-byte text intact", async () => {
    const result = await readAll("csv", "name,,name\n\nZoë,東京,🙂\n\n", { chunkSize: 1 });
    expect(result.columns).toEqual(["name", "column_2", "name_2"]);
    expect(result.rows).toEqual([["Zoë", "東京", "🙂"]]);
  });

  it("reads a header-only file as columns with no rows", async () => {
    const result = await readAll("csv", "a,b\n");
    expect(result.columns).toEqual(["a", "b"]);
    expect(result.rows).toEqual([]);
  });

  it("fails an unclosed quote with INPUT_UNREADABLE naming the row and byte offset", async () => {
    const text = 'a,b\n1,2\n3,"never closed\n4,5\n';
    const err = await failure(readAll("csv", text, { chunkSize: 4 }));
    expect(err.code).toBe("INPUT_UNREADABLE");
    expect(err.message).toContain("Row 2");
    expect(err.message).toContain(`byte offset ${text.indexOf('"never')}`);
    expect(err.message).toContain("never closed");
  });

  it("fails text after a closing quote with the row and byte offset of the character", async () => {
    const text = 'a,b\n1,2\n3,4\n5,"x"y\n';
    const err = await failure(readAll("csv", text));
    expect(err.code).toBe("INPUT_UNREADABLE");
    expect(err.message).toBe(`Row 3 (byte offset ${text.indexOf("y")}): unexpected character "y" after a closing quote`);
  });

  it("fails an empty file and a UTF-16 file with a clear message", async () => {
    expect((await failure(readAll("csv", ""))).message).toContain("empty");
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]);
    expect((await failure(readAll("csv", utf16))).message).toContain("UTF-16");
  });

  it("reads 20,000 generated rows split across many chunks exactly", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      String(i + 1),
      i % 7 === 0 ? `"q,${i}"` : `v${i}`,
      i % 5 === 0 ? "" : String(i * 3),
    ]);
    const text = `id,label,x\n${rows.map((r) => r.join(",")).join("\n")}\n`;
    const result = await readAll("csv", bytesOf(text), { batchRows: 4096, chunkSize: 997 });
    expect(result.rows.length).toBe(20_000);
    expect(result.rows[14]).toEqual(["15", '"q,14"'.slice(1, -1), "42"]);
    expect(result.rows[15]).toEqual(["16", "v15", ""]);
    expect(result.batches.map((b) => b.firstRow)).toEqual([1, 4097, 8193, 12289, 16385]);
  });
});
