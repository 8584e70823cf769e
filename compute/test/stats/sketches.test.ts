import { describe, expect, it } from "vitest";
import { hashBytes, hashString } from "../../src/stats/hash.js";
import { HyperLogLog } from "../../src/stats/hyperloglog.js";
import { CoMoment, Moments } from "../../src/stats/moments.js";
import { interpolatedQuantile, QuantileSketch } from "../../src/stats/quantiles.js";
import { PatternCounter, patternToRegex, shapeOf } from "../../src/stats/shape-pattern.js";
import { ValueCounter } from "../../src/stats/value-counter.js";
import { seededRandom } from "../support/random.js";

describe("Moments", () => {
  it("matches the two-pass formulas and merges exactly", () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9, 1e9 + 0.5];
    const m = new Moments();
    for (const x of xs) m.add(x);
    const n = xs.length;
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const m2 = xs.reduce((s, x) => s + (x - mean) ** 2, 0);
    const m3 = xs.reduce((s, x) => s + (x - mean) ** 3, 0);
    const m4 = xs.reduce((s, x) => s + (x - mean) ** 4, 0);
    expect(m.mean).toBeCloseTo(mean, 6);
    expect(m.variance / (m2 / (n - 1))).toBeCloseTo(1, 12);
    const g1 = (Math.sqrt(n) * m3) / m2 ** 1.5;
    expect(m.skewness / ((g1 * Math.sqrt(n * (n - 1))) / (n - 2))).toBeCloseTo(1, 9);
    const g2 = (n * m4) / m2 ** 2 - 3;
    expect(m.kurtosis / (((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6))).toBeCloseTo(1, 9);
    const a = new Moments();
    const b = new Moments();
    for (const [i, x] of xs.entries()) (i < 4 ? a : b).add(x);
    a.merge(b);
    expect(a.variance / m.variance).toBeCloseTo(1, 12);
    expect(a.skewness / m.skewness).toBeCloseTo(1, 9);
    expect(a.kurtosis / m.kurtosis).toBeCloseTo(1, 9);
  });

  it("gives Pearson r = 1 for a line and −1 for its mirror", () => {
    const up = new CoMoment();
    const down = new CoMoment();
    for (let i = 0; i < 50; i++) {
      up.add(i, 3 * i + 2);
      down.add(i, -i);
    }
    expect(up.correlation).toBeCloseTo(1, 12);
    expect(down.correlation).toBeCloseTo(-1, 12);
  });
});

describe("HyperLogLog", () => {
  it("estimates within 2 % at several cardinalities and merges", () => {
    for (const n of [500, 20_000, 300_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) h.add(hashString(`value-${i}`));
      expect(Math.abs(h.estimate() - n) / n, String(n)).toBeLessThanOrEqual(0.02);
    }
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 50_000; i++) (i % 2 ? a : b).add(hashString(`k${i % 40_000}`));
    a.merge(b);
    expect(Math.abs(a.estimate() - 40_000) / 40_000).toBeLessThanOrEqual(0.02);
  });
});

describe("QuantileSketch", () => {
  it("is exact in memory (linear interpolation)", () => {
    const q = new QuantileSketch(1_000);
    for (const x of [5, 1, 4, 2, 3]) q.add(x);
    expect(q.quantile(0.5)).toBe(3);
    expect(q.quantile(0.25)).toBe(2);
    expect(q.quantile(0.1)).toBeCloseTo(1.4, 12);
    expect(interpolatedQuantile([10, 20], 0.75)).toBe(17.5);
  });

  it("keeps rank error under 1 % past the exact limit", () => {
    const random = seededRandom(7);
    const n = 1_500_000;
    const values = new Float64Array(n);
    const q = new QuantileSketch(10_000);
    for (let i = 0; i < n; i++) {
      values[i] = Math.exp(random() * 8);
      q.add(values[i]);
    }
    expect(q.exact).toBe(false);
    values.sort();
    for (const p of [0.05, 0.25, 0.5, 0.75, 0.95]) {
      const estimate = q.quantile(p);
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (values[mid] < estimate) lo = mid + 1;
        else hi = mid;
      }
      expect(Math.abs(lo / n - p), `rank error at ${p}`).toBeLessThanOrEqual(0.01);
    }
  });

  it("gives the logarithms' quantiles a sketch fed Math.log of every value gives, exact and past the limit", () => {
    const random = seededRandom(19);
    for (const [limit, n] of [
      [100_000, 50_000],
      [5_000, 400_000],
    ]) {
      const raw = new QuantileSketch(limit);
      const logs = new QuantileSketch(limit);
      for (let i = 0; i < n; i++) {
        // Skewed, with ties (rounded) and values below 1 (negative logarithms).
        const x = Math.round(Math.exp(random() * 12 - 2) * 100) / 100 + 0.005;
        raw.add(x);
        logs.add(Math.log(x));
      }
      expect(raw.exact).toBe(n < limit);
      for (const q of [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1]) expect(raw.logQuantile(q), `q=${q}, ${n} values`).toBe(logs.quantile(q));
    }
  });
});

describe("shape patterns", () => {
  it("maps letters and digits and builds a regex that matches the shape", () => {
    expect(shapeOf("Ab 12-345x")).toBe("Aa 99-999a");
    const re = new RegExp(patternToRegex("99999-9999")!);
    expect(re.test("02134-1234")).toBe(true);
    expect(re.test("2134-1234")).toBe(false);
  });

  it("counts each shape as shapeOf would, merges halves, and caps the shapes it keeps", () => {
    const random = seededRandom(11);
    const letters = "aZ9-";
    const values = Array.from({ length: 20_000 }, () => {
      const length = 1 + Math.floor(random() * 6);
      return Array.from({ length }, () => letters[Math.floor(random() * letters.length)]).join("");
    });
    const truth = new Map<string, number>();
    for (const v of values) truth.set(shapeOf(v), (truth.get(shapeOf(v)) ?? 0) + 1);
    const whole = new PatternCounter();
    const [a, b] = [new PatternCounter(), new PatternCounter()];
    values.forEach((v, i) => {
      const bytes = new TextEncoder().encode(v);
      whole.add(bytes, 0, bytes.length);
      (i < 10_000 ? a : b).add(bytes, 0, bytes.length);
    });
    a.merge(b);
    // 4 + 16 + … + 4^6 possible shapes: more than the 1,000 kept, so later new shapes are counted as overflow.
    expect(truth.size).toBeGreaterThan(1_000);
    const kept = whole.top(Number.POSITIVE_INFINITY);
    expect(kept).toHaveLength(1_000);
    for (const { pattern, count } of kept) expect(count).toBe(truth.get(pattern));
    // Merged halves each dropped shapes once full; every value is still counted once, kept or overflow.
    for (const counter of [whole, a]) {
      expect(counter.top(Number.POSITIVE_INFINITY).reduce((n, p) => n + p.count, 0) + counter.overflow).toBe(values.length);
    }
    // The most frequent shapes are the one-character ones (each a quarter of the length-1 values), seen early by both halves.
    const expected = [...truth].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 4);
    expect(whole.top(4).map((p) => [p.pattern, p.count])).toEqual(expected);
    expect(a.top(4).map((p) => [p.pattern, p.count])).toEqual(expected);
  });
});

describe("ValueCounter", () => {
  const add = (counter: ValueCounter, text: string) => {
    const bytes = new TextEncoder().encode(text);
    counter.add(hashBytes(bytes, 0, bytes.length), bytes, 0, bytes.length);
  };

  it("counts exactly under the limit and merges partial counters", () => {
    const a = new ValueCounter(1_000);
    const b = new ValueCounter(1_000);
    for (let i = 0; i < 300; i++) add(i % 2 ? a : b, `v${i % 7}`);
    a.merge(b);
    expect(a.distinct()).toBe(7);
    // 300 = 7·42 + 6: v0..v5 appear 43 times, v6 42 times.
    expect(a.top(2)).toEqual([
      { value: "v0", count: 43 },
      { value: "v1", count: 43 },
    ]);
    expect(a.singletons()).toBe(0);
  });

  it("gives the top k and every value in count order, ties by value, as counted", () => {
    const random = seededRandom(5);
    const c = new ValueCounter(100_000);
    const truth = new Map<string, number>();
    for (let i = 0; i < 30_000; i++) {
      // Skewed, with many ties: value j turns up about 1/(j+1) of the time.
      const text = `v${Math.floor(1 / (random() + 1e-3)) % 2_000}`;
      add(c, text);
      truth.set(text, (truth.get(text) ?? 0) + 1);
    }
    const sorted = [...truth].map(([value, count]) => ({ value, count })).sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
    for (const k of [0, 1, 3, 10, 64, 65, 500, 5_000]) expect(c.top(k)).toEqual(sorted.slice(0, k));
    expect(c.all()).toEqual(sorted);
  });

  it("keeps several heavy hitters in order through many prunes past the limit", () => {
    const c = new ValueCounter(1_000);
    // Five frequent values (10, 5, 3, 2 and 1 % of the rows) among ~240k values seen once: over a hundred prunes.
    const shares = [10, 5, 3, 2, 1];
    const firstResidue = shares.map((_, k) => shares.slice(0, k).reduce((n, x) => n + x, 0));
    for (let i = 0; i < 300_000; i++) {
      const r = i % 100;
      const frequent = shares.findIndex((share, k) => r >= firstResidue[k] && r < firstResidue[k] + share);
      add(c, frequent >= 0 ? `frequent-${frequent}` : `unique-${i}`);
    }
    expect(c.top(5).map((t) => t.value)).toEqual(shares.map((_, k) => `frequent-${k}`));
  });

  it("keeps the heavy hitters once past the limit", () => {
    const c = new ValueCounter(1_000);
    for (let i = 0; i < 50_000; i++) add(c, i % 5 === 0 ? "frequent" : `unique-${i}`);
    expect(c.exact).toBe(false);
    expect(c.top(1)[0].value).toBe("frequent");
    expect(Math.abs(c.distinct() - 40_001) / 40_001).toBeLessThanOrEqual(0.02);
  });
});
