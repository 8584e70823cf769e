import { describe, expect, it } from "vitest";
import { QuantileSketch, sortLevel } from "../../src/stats/quantiles.js";
import { seededRandom } from "../support/random.js";

/** The items as Float64Array.prototype.sort orders them, −0 told from +0. */
const natively = (items: Float64Array) => [...Float64Array.from(items).sort()].map((x) => (Object.is(x, -0) ? "-0" : String(x)));
const shown = (items: Float64Array) => [...items].map((x) => (Object.is(x, -0) ? "-0" : String(x)));

describe("sortLevel", () => {
  it("sorts two sorted runs, raw values and already sorted ones as the built-in sort does", () => {
    const random = seededRandom(17);
    const values = [
      () => random() * 100,
      () => Math.round(random() * 6) - 3,
      () => (random() < 0.5 ? -0 : 0),
      () => Math.floor(random() * 3),
    ];
    for (let round = 0; round < 200; round++) {
      const next = values[round % values.length];
      const n = 1 + Math.floor(random() * 3_000);
      const items = Float64Array.from({ length: n }, next);
      const cut = Math.floor(random() * n);
      if (round % 3 === 0) items.subarray(0, cut).sort();
      if (round % 3 !== 2) items.subarray(cut).sort();
      const truth = natively(items);
      sortLevel(items);
      expect(shown(items)).toEqual(truth);
    }
  });

  it("sorts raw values of every sign, size and spacing as the built-in sort does", () => {
    const random = seededRandom(29);
    const values = [
      () => (random() - 0.5) * 1e6,
      () => Math.round(random() * 1e6) / 100,
      () => 18 + Math.floor(random() * 70),
      () => (random() - 0.5) * 1e-310,
      () => [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, Number.MAX_VALUE, -Number.MIN_VALUE][Math.floor(random() * 6)],
      () => (random() < 0.5 ? -1 : 1) * 2 ** Math.floor(random() * 2_000 - 1_000) * (1 + random()),
      () => 7,
    ];
    for (let round = 0; round < 140; round++) {
      const n = [2_048, 2_047, 1, 2, 1_000][round % 5];
      const items = Float64Array.from({ length: n }, values[round % values.length]);
      const truth = natively(items);
      sortLevel(items);
      expect(shown(items)).toEqual(truth);
    }
  });

  it("leaves NaN to the built-in sort (last)", () => {
    const items = Float64Array.from([1, 3, Number.NaN, 0, 2]);
    sortLevel(items);
    expect(shown(items)).toEqual(["0", "1", "2", "3", "NaN"]);
    // A NaN with its sign bit set too.
    const negative = Float64Array.from([2, -1, 0]);
    const bits = new DataView(negative.buffer);
    bits.setUint32(16, 1, true);
    bits.setUint32(20, 0xfff80000, true);
    sortLevel(negative);
    expect(shown(negative)).toEqual(["-1", "2", "NaN"]);
  });
});

describe("QuantileSketch levels", () => {
  it("compacts into levels that stay sorted where the sketch reads them, and keeps every value's weight", () => {
    const random = seededRandom(23);
    const q = new QuantileSketch(1_000);
    const n = 300_000;
    for (let i = 0; i < n; i++) q.add(Math.round(random() * 1e4) / 10);
    const { values, weights } = q.weighted();
    for (let i = 1; i < values.length; i++) expect(values[i - 1] <= values[i]).toBe(true);
    // Each compaction keeps half of an even number of items at twice their weight: the weights add up to n.
    expect(weights.reduce((s, w) => s + w, 0)).toBe(n);
  });
});
