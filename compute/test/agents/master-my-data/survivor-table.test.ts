/**
 * The survivor table against a plain map of per-cluster objects filled with the same writes:
 * slots handed out in first-use order, every field read back from its (slot, column) place,
 * unwritten fields null, conflicts listed by column, and single-record clusters absent. Values
 * are written as text and as cells' bytes, replaced, multi-byte, and longer than a page.
 */
import { describe, expect, it } from "vitest";
import { type SurvivedCluster, SurvivorTable } from "../../../src/agents/master-my-data/survivor-table.js";
import { seededRandom as random } from "../../support/random.js";
import { cellsOf } from "./column-cells.js";

const SPELLINGS = ["Zoë", "Ærøskøbing", "東京", "naïve café", "🙂 ok", "plain"];

describe("survivor table", () => {
  it("reads back what was written, per cluster, in the order clusters were first met", async () => {
    const next = random(11);
    const clusters = 300;
    const columns = 5;
    const multi = Array.from({ length: clusters }, () => next() < 0.4);
    const slots = multi.filter(Boolean).length;
    const table = new SurvivorTable(clusters, slots, columns);
    const expected = new Map<number, SurvivedCluster>();
    for (let step = 0; step < 2000; step++) {
      const cluster = Math.floor(next() * clusters);
      if (!multi[cluster]) continue;
      const from = table.fieldsOf(cluster);
      let truth = expected.get(cluster);
      if (!truth) {
        truth = { values: new Array(columns).fill(null), sourceRows: new Array(columns).fill(null), conflicts: [] };
        expected.set(cluster, truth);
      }
      const c = Math.floor(next() * columns);
      if (next() < 0.2) {
        table.conflict[from + c] = 1;
        if (!truth.conflicts.includes(c)) truth.conflicts.push(c);
        continue;
      }
      const row = 1 + Math.floor(next() * 10_000);
      // Mostly short values, some long enough to fill pages (1 MiB) and a few longer than one.
      const roll = next();
      const repeat = roll < 0.9 ? 1 + Math.floor(next() * 4) : roll < 0.99 ? 20_000 : 400_000;
      const text = `${SPELLINGS[row % SPELLINGS.length]} ${row} `.repeat(repeat);
      if (next() < 0.5) table.setText(from + c, text, row);
      else {
        const cells = await cellsOf(["before", text, "after"]);
        table.setCell(from + c, cells, 1, row);
      }
      expect(table.has(from + c)).toBe(true);
      expect(table.text(from + c)).toBe(text);
      truth.values[c] = text;
      truth.sourceRows[c] = row;
    }
    for (const truth of expected.values()) truth.conflicts.sort((a, b) => a - b);
    expect(table.size).toBe(expected.size);
    expect([...table]).toEqual([...expected]);
    for (let cluster = 0; cluster < clusters; cluster++) expect(table.get(cluster)).toEqual(expected.get(cluster));
    // The source rows alone, as the crosswalk reads them, without decoding the values.
    for (let cluster = 0; cluster < clusters; cluster++) {
      const truth = expected.get(cluster);
      expect(table.hasEntry(cluster)).toBe(truth !== undefined);
      for (let c = 0; c < columns; c++) expect(table.sourceRowOf(cluster, c)).toBe(truth ? truth.sourceRows[c] : undefined);
    }
  });

  it("gives a cluster the same slot every time it is asked", () => {
    const table = new SurvivorTable(4, 2, 3);
    expect(table.fieldsOf(2)).toBe(0);
    expect(table.fieldsOf(0)).toBe(3);
    expect(table.fieldsOf(2)).toBe(0);
    expect(table.size).toBe(2);
    expect(table.get(1)).toBeUndefined();
    expect(table.get(0)).toEqual({ values: [null, null, null], sourceRows: [null, null, null], conflicts: [] });
  });
});
