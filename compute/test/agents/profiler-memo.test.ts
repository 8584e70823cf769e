/**
 * The profiler's memo of repeated values (cell-memo.ts) must leave every statistic as working
 * out every cell gives it: kinds and their sample rows, numbers and their marks, dates in both
 * day orders, padding, null tokens, lengths, shape patterns, extremes, distinct counts.
 */
import { describe, expect, it } from "vitest";
import type { ColumnAccumulator } from "../../src/agents/unified-profiler/column-accumulator.js";
import { scanDataset } from "../../src/agents/unified-profiler/scan.js";
import { type Cell, datasetFromRows } from "../support/dataset.js";
import { seededRandom } from "../support/random.js";

/** Values of every kind the accumulator tells apart, each repeated many times. */
const KINDS = [
  "007",
  "-3",
  "0",
  "42",
  "+5",
  "1e3",
  "3.25",
  "-0.5",
  "1.008,33",
  "3,5",
  "Infinity",
  "-inf",
  "2020-01-01",
  "03/04/2020",
  "25/12/2020",
  "12/25/2020",
  "2020-01-01 10:00:00",
  "2021-06-30T23:59:59",
  "true",
  "false",
  "yes",
  "N",
  "  padded ",
  " 7",
  "8 ",
  "   ",
  "",
  "NA",
  "null",
  "-",
  "Zoë",
  "東京",
  "a,b",
  "Ünïcödé text with spaces",
  "x".repeat(60),
];

function rows(count: number, seed: number): Cell[][] {
  const random = seededRandom(seed);
  const out: Cell[][] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[Math.floor(random() * KINDS.length)];
    // A few thousand distinct values in a memo of 4,096 slots, one value per slot: values evict each other and come back.
    const code = `C${Math.floor(random() * random() * 3_000)}`;
    const amount = (Math.floor(random() * 400) / 4).toFixed(2);
    out.push([kind, code, amount, random() < 0.05 ? null : kind, `id-${i}`]);
  }
  return out;
}

function comparable(acc: ColumnAccumulator) {
  // `parsed` is the scratch the last classified cell left and `options` what the scan was asked, not statistics.
  return { ...acc, memoHits: 0, parsed: null, options: null };
}

describe("profiler memo of repeated values", () => {
  it("gives the same statistics as working out every cell, evictions included", async () => {
    const columns = ["kind", "code", "amount", "kind_or_null", "unique"];
    const data = rows(60_000, 17);
    const options = { exactDistinctLimit: 10_000, nullMarkers: ["", "NA", "null", "-"] };
    const plain = await scanDataset(datasetFromRows(columns, data, { batchSize: 5_000 }), { ...options, memo: false });
    const memo = await scanDataset(datasetFromRows(columns, data, { batchSize: 5_000 }), options);
    expect(plain.columns.map((c) => c.memoHits)).toEqual([0, 0, 0, 0, 0]);
    // The repeating columns were counted mostly from the memo; the unique one never was.
    const hits = memo.columns.map((c) => c.memoHits / c.count);
    expect(hits.slice(0, 4).every((share) => share > 0.5)).toBe(true);
    expect(memo.columns[4].memoHits).toBe(0);
    memo.columns.forEach((acc, c) => {
      expect(comparable(acc)).toEqual(comparable(plain.columns[c]));
    });
    // And a few of them against counts made here.
    const count = (...values: string[]) => data.filter((r) => values.includes(r[0] as string)).length;
    const kind = memo.columns[0];
    expect(kind.leadingZeros).toBe(count("007"));
    expect(kind.whitespace).toBe(count("  padded ", " 7", "8 ", "   "));
    expect(kind.emptyStrings).toBe(count(""));
    expect(kind.textNulls).toBe(count("", "NA", "null", "-"));
    expect(kind.dayFirstDates).toBe(count("25/12/2020"));
    expect(kind.monthFirstDates).toBe(count("12/25/2020"));
    expect(kind.lengthMax).toBe(60);
    expect(memo.duplicateRows).toBe(plain.duplicateRows);
    expect(memo.correlations).toEqual(plain.correlations);
  });
});
