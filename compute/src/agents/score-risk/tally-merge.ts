/**
 * A column's parts (what each range of its rows yielded, column-scan.ts), put together in row
 * order into the column's tally: what one pass over the column gives, whichever thread scanned
 * which range.
 */
import type * as report from "@agensium/shared";
import type { PiiEntity } from "../../stats/pii-entities.js";
import { type ColumnPart, EMBEDDED_ROWS_LISTED, type ScoreRuns } from "./column-scan.js";

/** One column's findings over all its rows, as pii-columns.ts decides the column from them. */
export interface ColumnTally {
  nonNull: number;
  /** Per entity: matches at or above min_score (n) and below it (weak, kept for column evidence), with their score sums. */
  counts: Map<PiiEntity, { n: number; score: number; weak: number; weakScore: number }>;
  invalid: Map<PiiEntity, { n: number; check: string }>;
  embedded: Map<PiiEntity, report.EmbeddedPii>;
  /** The column's PII cells (values masked), in row order across these files. */
  cells: { paths: string[]; count: number };
}

/** Adds the runs' scores to `sum` one by one, in order: the float a running sum over the cells reaches. */
function addRuns(sum: number, runs: ScoreRuns): number {
  let total = sum;
  for (let k = 0; k < runs.length; k += 2) {
    const score = runs[k];
    for (let n = runs[k + 1]; n > 0; n--) total += score;
  }
  return total;
}

/**
 * The parts of one column in row order, merged. Maps keep the order in which a key first
 * appears in row order (the order of a single pass: the first part's keys, then the new keys of
 * the next), since report figures are listed in that order and ties are broken by it.
 */
export function mergeParts(parts: readonly ColumnPart[]): ColumnTally {
  const tally: ColumnTally = { nonNull: 0, counts: new Map(), invalid: new Map(), embedded: new Map(), cells: { paths: [], count: 0 } };
  for (const part of parts) {
    tally.nonNull += part.nonNull;
    for (const [entity, e] of part.counts) {
      const entry = tally.counts.get(entity) ?? { n: 0, score: 0, weak: 0, weakScore: 0 };
      entry.n += e.n;
      entry.score = addRuns(entry.score, e.scores);
      entry.weak += e.weak;
      entry.weakScore = addRuns(entry.weakScore, e.weakScores);
      tally.counts.set(entity, entry);
    }
    for (const [entity, bad] of part.invalid) {
      const entry = tally.invalid.get(entity) ?? { n: 0, check: bad.check };
      entry.n += bad.n;
      tally.invalid.set(entity, entry);
    }
    for (const [entity, found] of part.embedded) {
      const entry = tally.embedded.get(entity) ?? { entity, count: 0, rows: [] };
      entry.count += found.count;
      for (const row of found.rows) if (entry.rows.length < EMBEDDED_ROWS_LISTED) entry.rows.push(row);
      tally.embedded.set(entity, entry);
    }
    if (part.cells.path !== null) tally.cells.paths.push(part.cells.path);
    tally.cells.count += part.cells.count;
  }
  return tally;
}
