import { describe, expect, it } from "vitest";
import { KeptRowTable } from "../../../src/agents/clean-my-data/kept-row-table.js";
import { hashString } from "../../../src/stats/hash.js";
import { seededRandom } from "../../support/random.js";

describe("KeptRowTable", () => {
  for (const replace of [false, true]) {
    it(`keeps the ${replace ? "last" : "first"} row of every key past its first size, as a Map of the same keys does`, () => {
      const random = seededRandom(replace ? 5 : 7);
      const table = new KeptRowTable(16);
      const truth = new Map<number, number>();
      for (let row = 1; row <= 40_000; row++) {
        // About one row in four repeats an earlier key; 0 and 1 are keys like any other.
        const key = row % 997 === 0 ? 0 : row % 991 === 0 ? 1 : hashString(`k-${Math.floor(random() * 30_000)}`);
        const before = truth.get(key) ?? -1;
        expect(table.keep(key, row, replace)).toBe(before);
        if (before < 0 || replace) truth.set(key, row);
      }
      expect(table.size).toBe(truth.size);
      for (const [key, row] of truth) expect(table.get(key)).toBe(row);
      expect(table.get(hashString("never kept"))).toBe(-1);
    });
  }
});
