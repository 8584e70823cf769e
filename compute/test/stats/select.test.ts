/** Quickselect reads the same rank a full sort does, on random, tied, sorted and reversed arrays. */
import { describe, expect, it } from "vitest";
import { kthSmallest } from "../../src/stats/select.js";
import { seededRandom } from "../support/random.js";

describe("kthSmallest", () => {
  it("gives the element a sort puts at rank k", () => {
    const random = seededRandom(5);
    for (let t = 0; t < 2_000; t++) {
      const n = 1 + Math.floor(random() * 300);
      const a = Uint32Array.from({ length: n }, () => Math.floor(random() * (t % 3 === 0 ? 3 : 1_000)));
      if (t % 7 === 0) a.sort();
      if (t % 11 === 0) a.sort().reverse();
      const k = Math.floor(random() * n);
      expect(kthSmallest(Uint32Array.from(a), k)).toBe(Uint32Array.from(a).sort()[k]);
    }
  });
});
