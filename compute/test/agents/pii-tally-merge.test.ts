/**
 * A column's parts merged in row order give what one pass over its cells gives: score sums
 * added up cell by cell (the same float), keys in the order they first appear, the first rows
 * of embedded entities.
 */
import { describe, expect, it } from "vitest";
import type { ColumnPart } from "../../src/agents/score-risk/column-scan.js";
import { mergeParts } from "../../src/agents/score-risk/tally-merge.js";
import type { PiiEntity } from "../../src/stats/pii-entities.js";
import { seededRandom } from "../support/random.js";

const random = seededRandom(41);

interface Cell {
  entity: PiiEntity;
  score: number;
  strong: boolean;
  embedded: PiiEntity | null;
}

/** One part as a scan of these cells (rows from `firstRow`) leaves it, written out by hand. */
function partOf(cells: Cell[], firstRow: number): ColumnPart {
  const part: ColumnPart = {
    nonNull: cells.length,
    counts: new Map(),
    invalid: new Map(),
    embedded: new Map(),
    cells: { path: null, count: 0 },
    phoneLookups: 0,
  };
  cells.forEach((cell, i) => {
    const entry = part.counts.get(cell.entity) ?? { n: 0, scores: [], weak: 0, weakScores: [] };
    const runs = cell.strong ? entry.scores : entry.weakScores;
    if (cell.strong) entry.n++;
    else entry.weak++;
    if (runs.length > 0 && runs[runs.length - 2] === cell.score) runs[runs.length - 1]++;
    else runs.push(cell.score, 1);
    part.counts.set(cell.entity, entry);
    if (cell.embedded) {
      const found = part.embedded.get(cell.embedded) ?? { entity: cell.embedded, count: 0, rows: [] };
      found.count++;
      if (found.rows.length < 100) found.rows.push(firstRow + i);
      part.embedded.set(cell.embedded, found);
    }
  });
  return part;
}

describe("merging a column's parts", () => {
  it("gives the single pass's sums, key order and first rows, however the rows are cut", () => {
    const entities: PiiEntity[] = ["phone", "email", "person_name"];
    // Scores whose float sum depends on the order of addition (0.1 + 0.2 + 0.3 ≠ 0.1 + (0.2 + 0.3)).
    const scores = [0.1, 0.2, 0.3, 0.75, 0.85, 1, 0.4];
    const cells: Cell[] = Array.from({ length: 5_000 }, (_, row) => ({
      // e-mails only from row 1,000 on, names from row 3,000: keys first appear mid-column.
      entity: entities[Math.floor(random() * (row < 1_000 ? 1 : row < 3_000 ? 2 : 3))],
      score: scores[Math.floor(random() * scores.length)],
      strong: random() < 0.7,
      embedded: random() < 0.1 ? (random() < 0.5 ? "us_ssn" : "credit_card") : null,
    }));
    // The single pass, counted directly.
    const truth = new Map<PiiEntity, { n: number; score: number; weak: number; weakScore: number }>();
    for (const cell of cells) {
      const entry = truth.get(cell.entity) ?? { n: 0, score: 0, weak: 0, weakScore: 0 };
      if (cell.strong) {
        entry.n++;
        entry.score += cell.score;
      } else {
        entry.weak++;
        entry.weakScore += cell.score;
      }
      truth.set(cell.entity, entry);
    }
    const embeddedRows = (entity: PiiEntity) => cells.flatMap((cell, row) => (cell.embedded === entity ? [row] : []));

    for (const cuts of [[], [1], [2_500], [999, 1_000, 1_001, 4_999], [100, 700, 1_800, 2_900, 3_100, 4_000]]) {
      const bounds = [0, ...cuts, cells.length];
      const parts = bounds.slice(1).map((end, k) => partOf(cells.slice(bounds[k], end), bounds[k]));
      const merged = mergeParts(parts);
      expect(merged.nonNull).toBe(cells.length);
      expect([...merged.counts]).toEqual([...truth]);
      expect([...merged.embedded.keys()]).toEqual([...new Set(cells.flatMap((c) => (c.embedded ? [c.embedded] : [])))]);
      for (const entity of ["us_ssn", "credit_card"] as PiiEntity[]) {
        expect(merged.embedded.get(entity)?.count).toBe(embeddedRows(entity).length);
        expect(merged.embedded.get(entity)?.rows).toEqual(embeddedRows(entity).slice(0, 100));
      }
    }
  });
});
