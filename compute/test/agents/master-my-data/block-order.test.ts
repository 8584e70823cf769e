/**
 * The block order is the keyed rows sorted by (key, row), checked against a comparator sort on
 * keys spread over all 53 bits, keys differing only in their high or low bits, many rows per
 * key, unkeyed rows (0) and a file with no keyed row.
 */
import { describe, expect, it } from "vitest";
import { blockOrder } from "../../../src/agents/master-my-data/block-order.js";
import { seededRandom as random } from "../../support/random.js";

function byComparator(key: Float64Array): number[] {
  const rows = [...key.keys()].filter((i) => key[i] !== 0);
  return rows.sort((a, b) => key[a] - key[b] || a - b);
}

describe("block order", () => {
  it("sorts keyed rows by key, then row, like a comparator sort", () => {
    const next = random(7);
    const distinct = Array.from({ length: 500 }, () => Math.floor(next() * 2 ** 53) || 1);
    // Keys equal in their low 32 bits, and keys equal in their high 21 bits.
    distinct.push(2 ** 52 + 5, 2 ** 40 + 5, 2 ** 33 + 5, 5, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 1);
    const key = Float64Array.from({ length: 20_000 }, () => (next() < 0.1 ? 0 : distinct[Math.floor(next() * distinct.length)]));
    expect(Array.from(blockOrder(key))).toEqual(byComparator(key));
  });

  it("keeps rows in order when every key is the same, and returns nothing when no row is keyed", () => {
    const same = new Float64Array(100).fill(12345);
    expect(Array.from(blockOrder(same))).toEqual([...same.keys()]);
    expect(blockOrder(new Float64Array(10)).length).toBe(0);
  });
});
