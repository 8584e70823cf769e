import { describe, expect, it } from "vitest";
import { RowHashSet } from "../../src/agents/unified-profiler/row-hash-set.js";
import { hashString } from "../../src/stats/hash.js";
import { seededRandom } from "../support/random.js";

describe("RowHashSet", () => {
  it("finds exactly the hashes added before, past its first size, as a Set of the same hashes does", () => {
    const random = seededRandom(3);
    const set = new RowHashSet(16);
    const truth = new Set<number>();
    let found = 0;
    let repeats = 0;
    for (let i = 0; i < 50_000; i++) {
      // About one row in five repeats an earlier one; a hash of 0 is a key like any other.
      const h = i === 100 || i === 200 ? 0 : hashString(`row-${Math.floor(random() * 40_000)}`);
      if (set.addOrFind(h)) found++;
      if (truth.has(h)) repeats++;
      truth.add(h);
    }
    expect(found).toBe(repeats);
    expect(set.size).toBe(truth.size);
    expect(set.has(0)).toBe(true);
    expect(set.has(hashString("never added"))).toBe(false);
  });
});
