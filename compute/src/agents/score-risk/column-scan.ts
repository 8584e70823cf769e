/**
 * One column's cells through the recognisers, a range of rows at a time: what a range yields (a
 * part: counts per entity, failed checksums, entities inside free text, the PII cells spilled)
 * is kept apart per range, so ranges scanned by different threads merge in row order
 * (tally-merge.ts) into what one pass over the column gives.
 */
import { join } from "node:path";
import type * as report from "@agensium/shared";
import type { ProfileMyDataParameters } from "@agensium/shared";
import type { RecordBatch } from "apache-arrow";
import { LineFileWriter } from "../../engine/line-spill.js";
import { maskValue } from "../../stats/masking.js";
import { bytesMayHoldPii } from "../../stats/pii-byte-gates.js";
import { EmailMasks, plainEmailAt } from "../../stats/pii-email-bytes.js";
import { COLUMN_EVIDENCE_ENTITIES, headerEntities, type PiiEntity } from "../../stats/pii-entities.js";
import { batchColumnCells, isNullCell } from "../../stats/utf8-column.js";
import { ColumnVerdicts, NOTHING, type Verdict } from "./cell-verdicts.js";
import { cellLine } from "./pii-cell-spill.js";

type ScoreRiskParams = ProfileMyDataParameters["score-risk"];

/** Rows listed per entity found inside free text. */
export const EMBEDDED_ROWS_LISTED = 100;

/**
 * The scores of an entity's matches in row order, run-length coded ([score, count, score,
 * count, …]): the column's sum is then added up cell by cell in row order however the rows were
 * split, so it is the float a single pass adds up (a column's matches take few distinct scores).
 */
export type ScoreRuns = number[];

export interface EntityPart {
  /** Matches at or above min_score. */
  n: number;
  scores: ScoreRuns;
  /** Matches below it, kept for column evidence. */
  weak: number;
  weakScores: ScoreRuns;
}

/** What a range of a column's rows yields (plain data: it crosses from a worker). */
export interface ColumnPart {
  nonNull: number;
  counts: Map<PiiEntity, EntityPart>;
  invalid: Map<PiiEntity, { n: number; check: string }>;
  embedded: Map<PiiEntity, report.EmbeddedPii>;
  /** The range's PII cells (values masked), in row order; path null when none were kept. */
  cells: { path: string | null; count: number };
  /**
   * Phone numbers looked up while judging the range. The phone regions are the one thing the
   * recognisers learn from a column's earlier values, so a range with a lookup, scanned without
   * all the rows before it, may judge a value otherwise than one pass would.
   */
  phoneLookups: number;
}

interface OpenPart extends Omit<ColumnPart, "cells"> {
  cells: LineFileWriter | null;
  lookupsBefore: number;
}

function addScore(runs: ScoreRuns, score: number): void {
  const last = runs.length - 2;
  if (last >= 0 && runs[last] === score) runs[last + 1]++;
  else runs.push(score, 1);
}

/** Where a column's cells of one range wait, under the scan's cell folder. */
export function partCellPath(cellDir: string, column: number, part: number): string {
  return join(cellDir, `column-${column}-part-${part}.lines`);
}

/**
 * Scans one column, range after range, keeping what it learns between them (verdict cache,
 * phone regions, the plain e-mail verdict): the parts it yields for consecutive ranges from the
 * first row are exactly one pass's. Used on rows out of order, its parts are still exact when
 * none made a phone lookup (see ColumnPart.phoneLookups): every verdict is then the value's own.
 */
export class ColumnScanner {
  private readonly named: Set<PiiEntity>;
  private readonly verdicts: ColumnVerdicts;
  /** Spill lines of plain e-mails judged on their bytes, less the row (see emailLines). */
  private emailLines: EmailMasks | null = null;

  constructor(
    header: string,
    private readonly p: ScoreRiskParams,
  ) {
    this.named = headerEntities(header);
    this.verdicts = new ColumnVerdicts(this.named, p.header_boost);
  }

  /** Starts a range, its cells spilled to `cellPath` (or only counted when null). */
  open(cellPath: string | null): OpenPart {
    return {
      nonNull: 0,
      counts: new Map(),
      invalid: new Map(),
      embedded: new Map(),
      cells: cellPath === null ? null : new LineFileWriter(cellPath),
      phoneLookups: 0,
      lookupsBefore: this.verdicts.phoneLookups,
    };
  }

  /** The column's cells of one batch, whose first row is `firstRow`. */
  scan(part: OpenPart, batch: RecordBatch, column: number, firstRow: number): void {
    const { p, named, verdicts } = this;
    const cells = part.cells;
    let offset = 0;
    for (const chunk of batchColumnCells(batch, column)) {
      for (let i = 0; i < chunk.length; i++) {
        const start = chunk.offsets[i];
        const end = chunk.offsets[i + 1];
        if (isNullCell(chunk, i) || start === end) continue;
        part.nonNull++;
        // Once the verdict cache is full nothing more is remembered, so a cell is judged on its
        // bytes where that gives the cache's or a fresh examination's answer: a plain e-mail
        // gets the verdict every plain e-mail gets (see emailVerdict), and a value no
        // recogniser could take is passed without decoding it.
        let verdict: Verdict = NOTHING;
        let at = -1;
        if (verdicts.full) {
          const email = verdicts.emailVerdict;
          at = email === null ? -1 : plainEmailAt(chunk.values, start, end);
          if (email !== null && at >= 0) verdict = email;
          else if (!bytesMayHoldPii(chunk.values, start, end, named)) continue;
        }
        if (at < 0) {
          verdict = verdicts.of(chunk, i);
          if (verdict === NOTHING) continue;
        }
        // Not decoded when judged on its bytes: a plain e-mail's verdict has a match only.
        const text = at < 0 ? (verdicts.text as string) : "";
        const row = firstRow + offset + i;
        const { match, invalid, embedded } = verdict;
        const strong = match !== null && match.score >= p.min_score;
        // A failed checksum outweighs a weak match of another entity.
        if (match && (strong || !invalid)) {
          if (strong || COLUMN_EVIDENCE_ENTITIES.has(match.entity)) {
            let entry = part.counts.get(match.entity);
            if (entry === undefined) {
              entry = { n: 0, scores: [], weak: 0, weakScores: [] };
              part.counts.set(match.entity, entry);
            }
            if (strong) {
              entry.n++;
              addScore(entry.scores, match.score);
            } else {
              entry.weak++;
              addScore(entry.weakScores, match.score);
            }
            if (cells !== null && at >= 0) {
              this.emailLines ??= emailLines(verdict);
              cells.addNumbered(row, this.emailLines.masked(chunk.values, start, end, at));
            } else cells?.add(cellLine(row, "pii", match.entity, match.score, maskValue(text, match.entity)));
          }
        } else if (invalid) {
          const entry = part.invalid.get(invalid.entity) ?? { n: 0, check: invalid.check };
          entry.n++;
          part.invalid.set(invalid.entity, entry);
          cells?.add(cellLine(row, "invalid", invalid.entity, 0, maskValue(text, invalid.entity), invalid.check));
        }
        for (const entity of embedded) {
          const entry = part.embedded.get(entity) ?? { entity, count: 0, rows: [] };
          entry.count++;
          if (entry.rows.length < EMBEDDED_ROWS_LISTED) entry.rows.push(row);
          part.embedded.set(entity, entry);
          cells?.add(cellLine(row, "embedded", entity, 0, maskValue(text)));
        }
      }
      offset += chunk.length;
    }
  }

  /** Ends a range: its cells are on disk. */
  close(part: OpenPart): ColumnPart {
    const { nonNull, counts, invalid, embedded, cells, lookupsBefore } = part;
    cells?.close();
    return {
      nonNull,
      counts,
      invalid,
      embedded,
      cells: { path: cells && cells.count > 0 ? cells.path : null, count: cells?.count ?? 0 },
      phoneLookups: this.verdicts.phoneLookups - lookupsBefore,
    };
  }
}

/**
 * What cellLine writes for a plain e-mail of this verdict, less the leading row number, made from
 * the cell's bytes (a plain e-mail's masked form has nothing to escape, and is one of few).
 */
function emailLines(verdict: Verdict): EmailMasks {
  const score = verdict.match?.score ?? 0;
  return new EmailMasks((masked) => cellLine(0, "pii", "email", score, masked).slice(1));
}
