/**
 * The byte checks of unchanged-text.ts against their truth: a cell passes when standardizeCell
 * returns its text as it is (and it is ASCII), and a whole column passes when each present cell
 * does, checked cell by cell on generated columns.
 */

import { cleanMyDataParameters } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { planColumns, standardizeCell } from "../../../src/agents/clean-my-data/standardize-cell.js";
import { columnPassesUnchanged, passesUnchanged } from "../../../src/agents/clean-my-data/unchanged-text.js";
import type { Utf8Cells } from "../../../src/stats/utf8-column.js";

function column(texts: (string | null)[]): Utf8Cells {
  const parts = texts.map((t) => Buffer.from(t ?? "", "utf8"));
  const offsets = new Int32Array(texts.length + 1);
  parts.forEach((p, i) => {
    offsets[i + 1] = offsets[i] + p.length;
  });
  const validity = new Uint8Array((texts.length + 7) >> 3);
  texts.forEach((t, i) => {
    if (t !== null) validity[i >> 3] |= 1 << (i & 7);
  });
  return { length: texts.length, offsets, values: new Uint8Array(Buffer.concat(parts)), validity, bitOffset: 0 };
}

const pieces = ["a", "B", "x y", " ", "  ", "\t", "\n", "é", "@", ".", "Z", "9"];
function generated(seed: number, count: number): (string | null)[] {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s;
  };
  return Array.from({ length: count }, () => {
    if (next() % 10 === 0) return null;
    let text = "";
    for (let k = next() % 5; k > 0; k--) text += pieces[next() % pieces.length];
    return text;
  });
}

describe("unchanged-text", () => {
  const p = cleanMyDataParameters.parse({})["field-standardization"];
  for (const [format, header] of [
    ["text", "notes"],
    ["email", "email"],
  ] as const) {
    it(`a ${format} cell passes only when standardizeCell keeps its ASCII text as it is`, () => {
      const [plan] = planColumns([header], p);
      expect(plan.format).toBe(format);
      const texts = generated(11, 3000);
      const cells = column(texts);
      for (const [i, text] of texts.entries()) {
        if (text === null) continue;
        const kept = standardizeCell(text, plan, p).value === text && Buffer.byteLength(text) === text.length;
        expect([text, passesUnchanged(cells, i, format === "email", true)]).toEqual([text, kept]);
      }
    });
  }

  it("a column passes whole exactly when each of its present cells passes", () => {
    let wholes = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const texts = generated(seed, 1 + (seed % 6));
      const cells = column(texts);
      for (const email of [false, true]) {
        for (const clean of [false, true]) {
          const each = texts.every((t, i) => t === null || passesUnchanged(cells, i, email, clean || email));
          const whole = columnPassesUnchanged(cells, email, clean || email);
          expect([seed, email, clean, whole]).toEqual([seed, email, clean, each]);
          if (whole) wholes++;
        }
      }
    }
    expect(wholes).toBeGreaterThan(50);
  });
});
