import { describe, expect, it } from "vitest";
import { CsvByteWriter } from "../../../src/agents/clean-my-data/csv-bytes.js";
import { DistinctMemo } from "../../../src/agents/clean-my-data/distinct-memo.js";
import { csvField } from "../../../src/reports/csv-field.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The field the byte writer gives for one cell's bytes. */
function fieldOf(bytes: Uint8Array): string {
  const out = new CsvByteWriter(64);
  // The cell sits inside a larger buffer, as in an Arrow column.
  const values = new Uint8Array([0x78, ...bytes, 0x79]);
  out.field(values, 1, 1 + bytes.length);
  return decoder.decode(out.take());
}

describe("CSV fields from a cell's bytes", () => {
  const texts = [
    "plain",
    "two words",
    'say "hi"',
    "a,b",
    "line\nbreak",
    "cr\rhere",
    " leading",
    "trailing ",
    "\ttab first",
    "tab last\t",
    "\u000bvertical tab",
    "=SUM(A1:A2)",
    "+1+1",
    "-12.5",
    "-A1",
    "@cmd",
    "\u00a0no-break space first",
    "no-break space last\u00a0",
    "café, crème",
    "naïve",
    "ümlaut",
    "ends in é",
    '"',
    ",",
  ];
  it.each(texts)("writes %j exactly as csvField does", (text) => {
    expect(fieldOf(encoder.encode(text))).toBe(csvField(text));
  });

  it("writes bytes that are not UTF-8 as the decoder reads them, like the text path", () => {
    const bytes = new Uint8Array([0x61, 0xff, 0x62, 0xc3]);
    expect(fieldOf(bytes)).toBe(csvField(decoder.decode(bytes)));
    expect(fieldOf(bytes)).toBe("a\ufffdb\ufffd");
  });

  it("writes an empty cell as an empty field", () => {
    expect(fieldOf(new Uint8Array(0))).toBe("");
  });
});

describe("distinct-value memo", () => {
  it("decides a repeated value once and gives the same answers as deciding every time", () => {
    let decided = 0;
    const memo = new DistinctMemo<number>(4);
    const values = ["a", "bb", "a", "ccc", "bb", "a", "dddd", "eeeee", "a"];
    const got = values.map((v) =>
      memo.get(v, (t) => {
        decided++;
        return t.length;
      }),
    );
    expect(got).toEqual(values.map((v) => v.length));
    // a, bb, ccc, dddd learnt once each; eeeee arrives when the memo is full.
    expect(decided).toBe(5);
  });

  it("keeps giving right answers on unique values after it stops looking them up", () => {
    const memo = new DistinctMemo<string>(8);
    for (let k = 0; k < 10_000; k++) expect(memo.get(`v${k}`, (t) => t.toUpperCase())).toBe(`V${k}`);
  });
});
