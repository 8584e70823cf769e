/**
 * Streams every cell of every column through the PII recognisers and tallies, per column, how
 * many values each entity matched (score ≥ min_score, or column-level evidence: most values of
 * the column are phone numbers), the values failing an entity's checksum, and the entities
 * written inside free text. The PII cells, when asked for, wait in one spill file per column
 * (pii-cell-spill.ts) and are read back in report order once the columns are decided.
 */

import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import type * as report from "@agensium/shared";
import type { ProfileMyDataParameters } from "@agensium/shared";
import { balanceColumns, defaultThreads, runColumnWorker, workerScript } from "../../engine/column-threads.js";
import { SpilledDataset } from "../../engine/dataset.js";
import { LineFileWriter } from "../../engine/line-spill.js";
import type { Dataset } from "../../engine/types.js";
import { EngineError } from "../../engine/types.js";
import { maskValue } from "../../stats/masking.js";
import { bytesMayHoldPii } from "../../stats/pii-byte-gates.js";
import { EmailMasks, plainEmailAt } from "../../stats/pii-email-bytes.js";
import { COLUMN_EVIDENCE_ENTITIES, headerEntities, type PiiEntity } from "../../stats/pii-entities.js";
import { batchColumnCells, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { ColumnVerdicts, NOTHING, type Verdict } from "./cell-verdicts.js";
import { cellLine, ListedCells, mergeByRow, roundRobin } from "./pii-cell-spill.js";
import { datasetRisk, decided } from "./pii-columns.js";

export type ScoreRiskParams = ProfileMyDataParameters["score-risk"];

export type PiiCell = report.PiiCell;

export type ChecksumCounts = report.ChecksumCounts;

export type EmbeddedPii = report.EmbeddedPii;

export type ColumnPii = report.ColumnPii;

export type PiiScan = report.PiiScan;

const EMBEDDED_ROWS_LISTED = 100;

/** One column's findings, as a scan of its cells leaves them (plain data: it crosses from a worker). */
export interface ColumnTally {
  nonNull: number;
  /** Per entity: matches at or above min_score (n) and below it (weak, kept for column evidence). */
  counts: Map<PiiEntity, { n: number; score: number; weak: number; weakScore: number }>;
  invalid: Map<PiiEntity, { n: number; check: string }>;
  embedded: Map<PiiEntity, EmbeddedPii>;
  /** The column's PII cells (values masked), in row order; path null when none were kept. */
  cells: { path: string | null; count: number };
}

interface Tally extends Omit<ColumnTally, "cells"> {
  verdicts: ColumnVerdicts;
  cells: LineFileWriter | null;
  /** Spill lines of plain e-mails judged on their bytes, less the row (see emailLines). */
  emailLines: EmailMasks | null;
}

/**
 * What cellLine writes for a plain e-mail of this verdict, less the leading row number, made from
 * the cell's bytes (a plain e-mail's masked form has nothing to escape, and is one of few).
 */
function emailLines(verdict: Verdict): EmailMasks {
  const score = verdict.match?.score ?? 0;
  return new EmailMasks((masked) => cellLine(0, "pii", "email", score, masked).slice(1));
}

function newTally(named: Set<PiiEntity>, p: ScoreRiskParams, cellPath: string | null = null): Tally {
  return {
    nonNull: 0,
    counts: new Map(),
    invalid: new Map(),
    embedded: new Map(),
    cells: cellPath === null ? null : new LineFileWriter(cellPath),
    verdicts: new ColumnVerdicts(named, p.header_boost),
    emailLines: null,
  };
}

export interface ScanHooks {
  signal?: AbortSignal;
  progress?: (rows: number) => void;
  /** Threads sharing the columns (this one and workers); one per core on large spilled inputs when absent. */
  threads?: number;
  /** A folder for the PII cells of each column; absent, cells are only counted. */
  cellDir?: string;
}

/**
 * Streams the cells of the given columns through the recognisers. A column's findings depend
 * only on its own cells in row order (the verdict cache and phone regions are per column), so
 * columns can be scanned by different threads and the results put side by side.
 */
export async function scanPiiColumns(
  dataset: Dataset,
  columns: number[],
  p: ScoreRiskParams,
  hooks: ScanHooks = {},
): Promise<{ rows: number; tallies: ColumnTally[] }> {
  const named = columns.map((c) => headerEntities(dataset.columns[c]));
  const { cellDir } = hooks;
  const tallies = columns.map((c, k) => newTally(named[k], p, cellDir === undefined ? null : join(cellDir, `column-${c}.lines`)));
  let rows = 0;
  for await (const { batch, firstRow } of dataset.batches(hooks.signal)) {
    if (hooks.signal?.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k];
      const tally = tallies[k];
      const cells = tally.cells;
      let offset = 0;
      for (const chunk of batchColumnCells(batch, c)) {
        for (let i = 0; i < chunk.length; i++) {
          const start = chunk.offsets[i];
          const end = chunk.offsets[i + 1];
          if (isNullCell(chunk, i) || start === end) continue;
          tally.nonNull++;
          // Once the verdict cache is full nothing more is remembered, so a cell is judged on its
          // bytes where that gives the cache's or a fresh examination's answer: a plain e-mail
          // gets the verdict every plain e-mail gets (see emailVerdict), and a value no
          // recogniser could take is passed without decoding it.
          let verdict: Verdict = NOTHING;
          let at = -1;
          if (tally.verdicts.full) {
            const email = tally.verdicts.emailVerdict;
            at = email === null ? -1 : plainEmailAt(chunk.values, start, end);
            if (email !== null && at >= 0) verdict = email;
            else if (!bytesMayHoldPii(chunk.values, start, end, named[k])) continue;
          }
          if (at < 0) {
            verdict = tally.verdicts.of(chunk, i);
            if (verdict === NOTHING) continue;
          }
          // Not decoded when judged on its bytes: a plain e-mail's verdict has a match only.
          const text = at < 0 ? (tally.verdicts.text as string) : "";
          const row = firstRow + offset + i;
          const { match, invalid, embedded } = verdict;
          const strong = match !== null && match.score >= p.min_score;
          // A failed checksum outweighs a weak match of another entity.
          if (match && (strong || !invalid)) {
            if (strong || COLUMN_EVIDENCE_ENTITIES.has(match.entity)) {
              const entry = tally.counts.get(match.entity) ?? { n: 0, score: 0, weak: 0, weakScore: 0 };
              if (strong) {
                entry.n++;
                entry.score += match.score;
              } else {
                entry.weak++;
                entry.weakScore += match.score;
              }
              tally.counts.set(match.entity, entry);
              if (cells !== null && at >= 0) {
                tally.emailLines ??= emailLines(verdict);
                cells.add(`${row}${tally.emailLines.masked(chunk.values, start, end, at)}`);
              } else cells?.add(cellLine(row, "pii", match.entity, match.score, maskValue(text, match.entity)));
            }
          } else if (invalid) {
            const entry = tally.invalid.get(invalid.entity) ?? { n: 0, check: invalid.check };
            entry.n++;
            tally.invalid.set(invalid.entity, entry);
            cells?.add(cellLine(row, "invalid", invalid.entity, 0, maskValue(text, invalid.entity), invalid.check));
          }
          for (const entity of embedded) {
            const entry = tally.embedded.get(entity) ?? { entity, count: 0, rows: [] };
            entry.count++;
            if (entry.rows.length < EMBEDDED_ROWS_LISTED) entry.rows.push(row);
            tally.embedded.set(entity, entry);
            cells?.add(cellLine(row, "embedded", entity, 0, maskValue(text)));
          }
        }
        offset += chunk.length;
      }
    }
    rows += batch.numRows;
    hooks.progress?.(rows);
  }
  return {
    rows,
    tallies: tallies.map(({ nonNull, counts, invalid, embedded, cells }) => {
      cells?.close();
      return {
        nonNull,
        counts,
        invalid,
        embedded,
        cells: { path: cells && cells.count > 0 ? cells.path : null, count: cells?.count ?? 0 },
      };
    }),
  };
}

/**
 * How long each column's values take to examine, from the first batch: the weights that balance
 * the threads (they change only how soon the scan ends, never what it finds). Every column's
 * first values are examined untimed before any is timed, since they pay for warming up
 * (compiling the recognisers, loading phone metadata, trying every phone region until the
 * column's are known); then two samples are timed and the quicker kept, so a garbage collection
 * landing in one column's sample does not send it to a thread of its own.
 */
async function columnCosts(dataset: Dataset, p: ScoreRiskParams, signal?: AbortSignal): Promise<number[]> {
  const costs = dataset.columns.map(() => Number.POSITIVE_INFINITY);
  for await (const { batch } of dataset.batches(signal)) {
    const columns = dataset.columns.map((name, c) => ({
      cells: batchColumnCells(batch, c),
      verdicts: new ColumnVerdicts(headerEntities(name), p.header_boost),
    }));
    for (const { cells, verdicts } of columns) weighValues(cells, 0, COST_WARMUP, verdicts);
    for (let round = 0; round < 2; round++) {
      const from = COST_WARMUP + round * COST_SAMPLE;
      columns.forEach(({ cells, verdicts }, c) => {
        const started = performance.now();
        weighValues(cells, from, from + COST_SAMPLE, verdicts);
        costs[c] = Math.min(costs[c], performance.now() - started + 0.001);
      });
    }
    break;
  }
  return costs.map((cost) => (Number.isFinite(cost) ? cost : 0.001));
}

/**
 * Values [from, to) of a column's cells, treated as the scan treats them once the column's
 * verdict cache is full: plain e-mails masked on their bytes, values no recogniser could take
 * passed on their bytes, the others judged, a finding masked and written as a spill line.
 */
function weighValues(chunks: Utf8Cells[], from: number, to: number, verdicts: ColumnVerdicts): void {
  const masks = new EmailMasks();
  let first = 0;
  for (const chunk of chunks) {
    for (let i = Math.max(0, from - first); i < chunk.length && first + i < to; i++) {
      if (isNullCell(chunk, i)) continue;
      const email = verdicts.emailVerdict;
      const at = email === null ? -1 : plainEmailAt(chunk.values, chunk.offsets[i], chunk.offsets[i + 1]);
      if (email !== null && at >= 0) {
        masks.masked(chunk.values, chunk.offsets[i], chunk.offsets[i + 1], at);
        continue;
      }
      if (!bytesMayHoldPii(chunk.values, chunk.offsets[i], chunk.offsets[i + 1], verdicts.named)) continue;
      const { match, invalid, embedded } = verdicts.of(chunk, i);
      const entity = match?.entity ?? invalid?.entity ?? embedded[0];
      if (entity) cellLine(0, "pii", entity, 0, maskValue(verdicts.text as string, entity));
    }
    first += chunk.length;
  }
}

/** Values per column examined before timing starts, and values per timed sample, to weigh the columns. */
const COST_WARMUP = 1_000;
const COST_SAMPLE = 1_000;

async function scanAllColumns(dataset: Dataset, p: ScoreRiskParams, hooks: ScanHooks): Promise<{ rows: number; tallies: ColumnTally[] }> {
  const all = dataset.columns.map((_, c) => c);
  const spilled = dataset instanceof SpilledDataset ? dataset : null;
  const threads = hooks.threads ?? (spilled ? defaultThreads(spilled.rowCount, all.length) : 1);
  if (!spilled || threads <= 1 || all.length < 2) return scanPiiColumns(dataset, all, p, hooks);
  const [own, ...others] = balanceColumns(await columnCosts(dataset, p, hooks.signal), threads);
  // Progress is the slowest thread's.
  const done = [0, ...others.map(() => 0)];
  const progress = (part: number) => (rows: number) => {
    done[part] = rows;
    hooks.progress?.(Math.min(...done));
  };
  const script = workerScript("pii-worker", import.meta.url);
  const results = await Promise.all([
    scanPiiColumns(dataset, own, p, { signal: hooks.signal, progress: progress(0), cellDir: hooks.cellDir }),
    ...others.map((columns, k) =>
      runColumnWorker<{ rows: number; tallies: ColumnTally[] }, ScoreRiskParams>(
        script,
        { source: spilled.spillSource(), columns, params: p, cellDir: hooks.cellDir },
        progress(k + 1),
        hooks.signal,
      ),
    ),
  ]);
  const tallies: ColumnTally[] = new Array(all.length);
  [own, ...others].forEach((columns, part) => {
    columns.forEach((c, k) => {
      tallies[c] = results[part].tallies[k];
    });
  });
  return { rows: results[0].rows, tallies };
}

/** The PII scan, per column; its `cells` stay empty (see scanPiiCells). */
export async function scanPii(dataset: Dataset, p: ScoreRiskParams, hooks: ScanHooks = {}): Promise<PiiScan> {
  const { rows, tallies } = await scanAllColumns(dataset, p, { ...hooks, cellDir: undefined });
  const { columns } = decided(dataset, p, tallies);
  return { rows, columns, cells: [], dataset_risk_score: datasetRisk(columns) };
}

/**
 * The PII scan, and each PII cell the report lists handed in report order (by row, then field:
 * all of them, or `sample_row_issues` taken from the columns in turn) to the visitor that
 * `listCells` makes once the columns are decided. The cells wait in spill files under
 * `spillDir` meanwhile, so memory does not grow with their number.
 */
export async function scanPiiCells(
  dataset: Dataset,
  p: ScoreRiskParams,
  spillDir: string,
  listCells: (columns: readonly ColumnPii[]) => (cell: PiiCell) => void,
  hooks: Omit<ScanHooks, "cellDir"> = {},
): Promise<PiiScan> {
  const cellDir = mkdtempSync(join(spillDir, "pii-cells-"));
  const { rows, tallies } = await scanAllColumns(dataset, p, { ...hooks, cellDir });
  const { columns, filters } = decided(dataset, p, tallies);
  const visit = listCells(columns);
  const lists = tallies.map((t, c) => new ListedCells(t.cells.path, dataset.columns[c], filters[c], p));
  if (p.sample_row_issues === undefined) mergeByRow(lists, visit);
  else for (const cell of roundRobin(lists, p.sample_row_issues)) visit(cell);
  for (const list of lists) list.close();
  return { rows, columns, cells: [], dataset_risk_score: datasetRisk(columns) };
}

/** The PII scan from an earlier score-risk in this run, or a fresh one. */
export function piiFromPrevious(previous: ReadonlyMap<string, { status: string; data: unknown }>): PiiScan | null {
  const earlier = previous.get("score-risk");
  return earlier?.status === "success" && earlier.data ? (earlier.data as PiiScan) : null;
}
