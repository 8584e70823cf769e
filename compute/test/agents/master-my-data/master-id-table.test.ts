import { describe, expect, it } from "vitest";
import { contentId, MasterIdTable } from "../../../src/agents/master-my-data/master-ids.js";

describe("MasterIdTable", () => {
  it("gives the same ids as a string per cluster built with a Map of content counts", () => {
    const clusters = 5000;
    const table = new MasterIdTable("M", clusters);
    const reference: string[] = [];
    const copies = new Map<number, number>();
    let x = 0x1234567;
    for (let c = 0; c < clusters; c++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      // Few distinct hashes, so many clusters share content and get -2, -3 ...
      const hash = (x % 700) * 2 ** 21 + 17;
      if (c % 97 === 0) {
        table.keep(c, `OLD-${c}`);
        reference.push(`OLD-${c}`);
        continue;
      }
      const copy = (copies.get(hash) ?? 0) + 1;
      copies.set(hash, copy);
      table.setContent(c, hash, copy);
      const base = `M-${hash.toString(36).toUpperCase().padStart(11, "0")}`;
      reference.push(copy === 1 ? base : `${base}-${copy}`);
    }
    for (let c = 0; c < clusters; c++) expect(table.get(c)).toBe(reference[c]);
    expect(table.get(1)).toBe(reference[1]);
    expect(contentId("M", 17)).toBe("M-0000000000H");
  });
});
