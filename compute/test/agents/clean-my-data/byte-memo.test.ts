/**
 * ByteMemo against the plain answer: the decision computed from each cell's decoded text every
 * time. Cells are generated here (repeats, unique values, invalid UTF-8), and the decide calls are
 * counted to show a value seen before is not decided again while the memo is learning.
 */
import { describe, expect, it } from "vitest";
import { ByteMemo } from "../../../src/agents/clean-my-data/byte-memo.js";

function cells(parts: Uint8Array[]): { values: Uint8Array; offsets: number[] } {
  const offsets = [0];
  for (const p of parts) offsets.push(offsets[offsets.length - 1] + p.length);
  const values = new Uint8Array(offsets[offsets.length - 1]);
  for (const [i, p] of parts.entries()) values.set(p, offsets[i]);
  return { values, offsets };
}

describe("ByteMemo", () => {
  const decide = (text: string) => `${text.length}:${text.toUpperCase()}`;

  it("gives the decision of the cell's text, deciding each distinct value once", () => {
    const words = ["auto", "books", "", "é", "Auto", "auto ", "日本"];
    const parts: Uint8Array[] = Array.from({ length: 3000 }, (_, i) => Buffer.from(words[(i * 3) % words.length]));
    parts.push(Uint8Array.of(0xff, 0x41), Uint8Array.of(0xfe, 0x41), Uint8Array.of(0xff, 0x41));
    const { values, offsets } = cells(parts);
    const memo = new ByteMemo<string>();
    let calls = 0;
    const counted = (text: string) => {
      calls++;
      return decide(text);
    };
    const got = parts.map((_, i) => memo.get(values, offsets[i], offsets[i + 1], counted));
    const truth = parts.map((p) => decide(new TextDecoder().decode(p)));
    expect(got).toEqual(truth);
    // 7 words and two invalid byte runs (which decode alike but are different bytes).
    expect(calls).toBe(9);
    expect(memo.size).toBe(9);
  });

  it("stays right once full, for a column of repeats and one of unique values", () => {
    const repeats = Array.from({ length: 20_000 }, (_, i) => Buffer.from(String(i % 300)));
    const unique = Array.from({ length: 20_000 }, (_, i) => Buffer.from(`id-${i}`));
    for (const parts of [repeats, unique]) {
      const { values, offsets } = cells(parts);
      const memo = new ByteMemo<string>(100);
      const got = parts.map((_, i) => memo.get(values, offsets[i], offsets[i + 1], decide));
      expect(got).toEqual(parts.map((p) => decide(p.toString("utf8"))));
      expect(memo.size).toBe(100);
    }
  });
});
