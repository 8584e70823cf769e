/**
 * The byte-level helpers the master agents use instead of decoding cells agree with the string
 * functions they replace, checked against those functions (TextEncoder + hashBytes, trim,
 * normalizeText) on ASCII, accented, full-width, emoji, lone-surrogate and Unicode-space values.
 */
import { describe, expect, it } from "vitest";
import { appendNormalized, ByteBuffer, CellMemo } from "../../../src/agents/master-my-data/cell-values.js";
import { cellHash, hashText, isBlank, isBlankCell, trimmedCellHash } from "../../../src/agents/master-my-data/rows.js";
import { normalizeText } from "../../../src/agents/master-my-data/similarity/normalize.js";
import { hashBytes } from "../../../src/stats/hash.js";
import { cellsOf } from "./column-cells.js";

const VALUES: (string | null)[] = [
  null,
  "",
  " ",
  "\t\r\n",
  "\u00a0",
  "\u2003 \u3000",
  "\ufeff",
  "John",
  "  John  ",
  "JOHN.SMITH@Example.COM",
  "o'brien-smith_jr.",
  "(555) 123-4567",
  "José Müller",
  " Ärger ",
  "Ｊｏｈｎ",
  "x\u00a0",
  "\u00a0x",
  "😀 smile",
  "ﬁne",
  "ｶﾀｶﾅ",
  "İstanbul",
  "a\u0301",
  "12\u00b2",
];

const utf8 = new TextEncoder();
const reference = (text: string) => {
  const bytes = utf8.encode(text);
  return hashBytes(bytes, 0, bytes.length);
};

describe("master-my-data byte helpers", () => {
  it("hashText hashes a string's UTF-8 bytes, lone surrogates as U+FFFD like TextEncoder", () => {
    for (const text of [...VALUES.filter((v): v is string => v !== null), "\ud800", "a\udc00b", "日本".repeat(300)]) {
      expect(hashText(text)).toBe(reference(text));
    }
  });

  it("reads blanks, hashes and trimmed hashes from the bytes as the string functions do", async () => {
    const cells = await cellsOf(VALUES);
    VALUES.forEach((value, i) => {
      expect(isBlankCell(cells, i)).toBe(isBlank(value));
      if (value === null) return;
      expect(cellHash(cells, i)).toBe(reference(value));
      if (!isBlank(value)) expect(trimmedCellHash(cells, i)).toBe(reference(value.trim()));
    });
  });

  it("normalises cells on their bytes to the UTF-8 of normalizeText", async () => {
    const cells = await cellsOf(VALUES);
    const out = new ByteBuffer();
    VALUES.forEach((value, i) => {
      out.length = 0;
      appendNormalized(cells, i, out);
      expect(Buffer.from(out.bytes.subarray(0, out.length)).toString("utf8")).toBe(value === null ? "" : normalizeText(value));
    });
  });

  it("memoises per distinct value: the function runs once per value and never mixes two values", async () => {
    const values = ["ab", "ba", "ab", "Ab", "ab ", "ba", "ab"];
    const cells = await cellsOf(values);
    const seen: string[] = [];
    const memo = new CellMemo((text) => {
      seen.push(text);
      return `<${text}>`;
    });
    expect(values.map((_, i) => memo.get(cells, i))).toEqual(values.map((v) => `<${v}>`));
    expect(seen).toEqual(["ab", "ba", "Ab", "ab "]);
  });
});
