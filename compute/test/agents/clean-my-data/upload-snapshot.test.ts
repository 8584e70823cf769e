/**
 * The previewer's before snapshot split between this thread and a worker reading the spill
 * gives the single-thread snapshot, and both give the counts of a plain tally of the file.
 */
import { describe, expect, it } from "vitest";
import type { ColumnSnapshot } from "../../../src/agents/clean-my-data/column-snapshot.js";
import { UploadSnapshot } from "../../../src/agents/clean-my-data/upload-snapshot.js";
import type { Dataset } from "../../../src/engine/types.js";
import { seededRandom } from "../../support/random.js";
import { spilledCsv } from "../../support/spilled-csv.js";

const random = seededRandom(23);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: T[]) => xs[int(xs.length)];

/** A name is repeated (the reader names the second "city_2"), cells are blank, quoted, multi-byte and nearly all distinct. */
const HEADER = ["id", "city", "amount", "city", "note", "code"];

function rows(count: number): string[][] {
  return Array.from({ length: count }, (_, r) => [
    String(r),
    pick(["Paris", "Köln", "São Paulo", "", "Nice", "東京"]),
    random() < 0.1 ? "" : (int(40_000) / 100).toFixed(2),
    pick(["a", "b", "", "c, d"]),
    random() < 0.5 ? `"said ""hi"" ${int(30)}"` : String(int(5)),
    `${int(10)}-${int(3_000)}`,
  ]);
}

/** What the snapshot of each column should hold, from a Map per column. */
function tally(header: string[], table: string[][], topValues: number): Map<string, ColumnSnapshot> {
  const out = new Map<string, ColumnSnapshot>();
  header.forEach((name, c) => {
    const counts = new Map<string, number>();
    let nulls = 0;
    for (const row of table) {
      const text = row[c].startsWith('"') ? row[c].slice(1, -1).replaceAll('""', '"') : row[c];
      if (text === "") nulls++;
      else counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    const top = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
      .slice(0, topValues);
    out.set(name, { nulls, null_share: nulls / table.length, distinct: counts.size, top_values: top });
  });
  return out;
}

async function snapshot(dataset: Dataset, topValues: number, threads: number) {
  const counter = await UploadSnapshot.start(dataset, topValues, undefined, threads);
  expect(counter.threads).toBe(threads);
  for await (const { batch } of dataset.batches()) counter.add(batch);
  return counter.result();
}

describe("the previewer's before snapshot on two threads", () => {
  it("equals the single-thread snapshot and a plain tally of every column", async () => {
    const table = rows(7_000);
    const text = `${[HEADER, ...table].map((row) => row.map((cell) => (cell.includes(",") && !cell.startsWith('"') ? `"${cell}"` : cell)).join(",")).join("\n")}\n`;
    const dataset = await spilledCsv(text, { batchRows: 700 });
    const split = await snapshot(dataset, 5, 2);
    const single = await snapshot(dataset, 5, 1);
    expect(split).toEqual(single);
    expect(split.rows).toBe(7_000);
    expect(dataset.columns).toEqual(["id", "city", "amount", "city_2", "note", "code"]);
    expect(split.columns).toEqual(tally(dataset.columns, table, 5));
  });

  it("counted whole in a worker started before the chain (prestart) equals it too, and is taken once", async () => {
    const table = rows(5_000);
    const text = `${[HEADER, ...table].map((row) => row.map((cell) => (cell.includes(",") && !cell.startsWith('"') ? `"${cell}"` : cell)).join(",")).join("\n")}\n`;
    const dataset = await spilledCsv(text, { batchRows: 500 });
    const single = await snapshot(dataset, 4, 1);
    UploadSnapshot.prestart(dataset, 4, undefined, 2);
    // Another top-value count than the one prestarted cannot take it.
    const other = await UploadSnapshot.start(dataset, 3);
    expect(other.threads).toBe(1);
    const early = await UploadSnapshot.start(dataset, 4);
    expect(early.threads).toBe(2);
    for await (const { batch } of dataset.batches()) early.add(batch);
    const counted = await early.result();
    expect(counted).toEqual(single);
    expect(counted.columns).toEqual(tally(dataset.columns, table, 4));
    // Taken: the next start counts for itself.
    expect((await UploadSnapshot.start(dataset, 4)).threads).toBe(1);
  });
});
