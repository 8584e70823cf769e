/**
 * Streams every cell of every column through the PII recognisers and tallies, per column, how
 * many values each entity matched (score ≥ min_score, or column-level evidence: most values of
 * the column are phone numbers), the values failing an entity's checksum, and the entities
 * written inside free text. Keeps every PII cell for the row issues.
 */
import type * as report from "@agensium/shared";
import type { ProfileMyDataParameters } from "@agensium/shared";
import { balanceColumns, defaultThreads, runColumnWorker, workerScript } from "../../engine/column-threads.js";
import { SpilledDataset } from "../../engine/dataset.js";
import type { Dataset } from "../../engine/types.js";
import { EngineError } from "../../engine/types.js";
import {
  CHECKSUM_NAMES,
  COLUMN_EVIDENCE_ENTITIES,
  COLUMN_EVIDENCE_SHARE,
  type ColumnContext,
  ENTITY_SENSITIVITY,
  embeddedPii,
  examinePii,
  headerEntities,
  type InvalidPii,
  newColumnContext,
  type PiiEntity,
  type PiiMatch,
} from "../../stats/pii-entities.js";
import { batchColumnCells, cellText, isNullCell } from "../../stats/utf8-column.js";

export type ScoreRiskParams = ProfileMyDataParameters["score-risk"];

export type PiiCell = report.PiiCell;

export type ChecksumCounts = report.ChecksumCounts;

export type EmbeddedPii = report.EmbeddedPii;

export type ColumnPii = report.ColumnPii;

export type PiiScan = report.PiiScan;

const EMBEDDED_ROWS_LISTED = 100;
/** Values remembered per column with their verdict, so repeated values are examined once. */
const VERDICT_CACHE_SIZE = 20_000;
/** Free text worth searching: a space and at least this many characters. */
const FREE_TEXT_MIN_LENGTH = 12;

/**
 * Column risk = 100 × sensitivity × mean score × √share: a full card column scores 100, a
 * column where a quarter of the values are e-mails half of an all-e-mail column.
 * Dataset risk = 100 × (1 − Π(1 − riskᵢ/100)): every PII column adds to the chance of harm.
 */
export function columnRisk(entity: PiiEntity, meanScore: number, share: number): number {
  return Math.round(100 * ENTITY_SENSITIVITY[entity] * meanScore * Math.sqrt(share));
}

interface Verdict {
  match: PiiMatch | null;
  invalid: InvalidPii | null;
  embedded: PiiEntity[];
}

/** One column's findings, as a scan of its cells leaves them (plain data: it crosses from a worker). */
export interface ColumnTally {
  nonNull: number;
  /** Per entity: matches at or above min_score (n) and below it (weak, kept for column evidence). */
  counts: Map<PiiEntity, { n: number; score: number; weak: number; weakScore: number }>;
  invalid: Map<PiiEntity, { n: number; check: string }>;
  embedded: Map<PiiEntity, EmbeddedPii>;
  cells: PiiCell[];
}

interface Tally extends ColumnTally {
  ctx: ColumnContext;
  verdicts: Map<string, Verdict>;
}

function examine(text: string, named: Set<PiiEntity>, p: ScoreRiskParams, tally: Tally): Verdict {
  const cached = tally.verdicts.get(text);
  if (cached) return cached;
  const { match, invalid } = examinePii(text, named, p.header_boost, tally.ctx);
  const freeText = !match && !invalid && text.length >= FREE_TEXT_MIN_LENGTH && text.includes(" ");
  const verdict = { match, invalid, embedded: freeText ? embeddedPii(text, tally.ctx) : [] };
  if (tally.verdicts.size < VERDICT_CACHE_SIZE) tally.verdicts.set(text, verdict);
  return verdict;
}

function newTally(): Tally {
  return {
    nonNull: 0,
    counts: new Map(),
    invalid: new Map(),
    embedded: new Map(),
    cells: [],
    ctx: newColumnContext(),
    verdicts: new Map(),
  };
}

export interface ScanHooks {
  signal?: AbortSignal;
  progress?: (rows: number) => void;
  /** Threads sharing the columns (this one and workers); one per core on large spilled inputs when absent. */
  threads?: number;
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
  const tallies = columns.map(newTally);
  let rows = 0;
  for await (const { batch, firstRow } of dataset.batches(hooks.signal)) {
    if (hooks.signal?.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k];
      const tally = tallies[k];
      const field = dataset.columns[c];
      let offset = 0;
      for (const chunk of batchColumnCells(batch, c)) {
        for (let i = 0; i < chunk.length; i++) {
          if (isNullCell(chunk, i) || chunk.offsets[i] === chunk.offsets[i + 1]) continue;
          tally.nonNull++;
          const text = cellText(chunk, i);
          const row = firstRow + offset + i;
          const { match, invalid, embedded } = examine(text, named[k], p, tally);
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
              tally.cells.push({ row, field, entity: match.entity, score: match.score, value: text, kind: "pii" });
            }
          } else if (invalid) {
            const entry = tally.invalid.get(invalid.entity) ?? { n: 0, check: invalid.check };
            entry.n++;
            tally.invalid.set(invalid.entity, entry);
            tally.cells.push({ row, field, entity: invalid.entity, score: 0, value: text, kind: "invalid", check: invalid.check });
          }
          for (const entity of embedded) {
            const entry = tally.embedded.get(entity) ?? { entity, count: 0, rows: [] };
            entry.count++;
            if (entry.rows.length < EMBEDDED_ROWS_LISTED) entry.rows.push(row);
            tally.embedded.set(entity, entry);
            tally.cells.push({ row, field, entity, score: 0, value: text, kind: "embedded" });
          }
        }
        offset += chunk.length;
      }
    }
    rows += batch.numRows;
    hooks.progress?.(rows);
  }
  return { rows, tallies: tallies.map(({ nonNull, counts, invalid, embedded, cells }) => ({ nonNull, counts, invalid, embedded, cells })) };
}

/**
 * How long each column's values take to examine, from the first batch: the weights that balance
 * the threads. The first values are examined untimed, since they pay for warming up (compiling
 * the recognisers, loading phone metadata, trying every phone region until the column's are known).
 */
async function columnCosts(dataset: Dataset, p: ScoreRiskParams, signal?: AbortSignal): Promise<number[]> {
  const costs = dataset.columns.map(() => 0);
  for await (const { batch } of dataset.batches(signal)) {
    for (let c = 0; c < dataset.columns.length; c++) {
      const tally = newTally();
      const named = headerEntities(dataset.columns[c]);
      let seen = 0;
      let started = performance.now();
      for (const chunk of batchColumnCells(batch, c)) {
        for (let i = 0; i < chunk.length && seen < COST_WARMUP + COST_SAMPLE; i++, seen++) {
          if (seen === COST_WARMUP) started = performance.now();
          if (!isNullCell(chunk, i)) examine(cellText(chunk, i), named, p, tally);
        }
      }
      costs[c] = performance.now() - started + 0.001;
    }
    break;
  }
  return costs;
}

/** Values per column examined before timing starts, and values timed, to weigh the columns. */
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
    scanPiiColumns(dataset, own, p, { signal: hooks.signal, progress: progress(0) }),
    ...others.map((columns, k) =>
      runColumnWorker<{ rows: number; tallies: ColumnTally[] }, ScoreRiskParams>(
        script,
        { source: spilled.spillSource(), columns, params: p },
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

export async function scanPii(dataset: Dataset, p: ScoreRiskParams, hooks: ScanHooks = {}): Promise<PiiScan> {
  const { rows, tallies } = await scanAllColumns(dataset, p, hooks);
  const cells: PiiCell[][] = [];
  const columns = dataset.columns.map((name, c): ColumnPii => {
    const { nonNull, counts, invalid, embedded } = tallies[c];
    // Column-level evidence: when most values validate as the entity, the weak matches count too,
    // scored as if a header had named it.
    const promoted = new Set<PiiEntity>();
    for (const [entity, entry] of counts) {
      if (COLUMN_EVIDENCE_ENTITIES.has(entity) && entry.weak > 0 && entry.n + entry.weak >= COLUMN_EVIDENCE_SHARE * nonNull) {
        promoted.add(entity);
        entry.score += entry.weakScore + entry.weak * p.header_boost;
        entry.n += entry.weak;
      }
    }
    let top: [PiiEntity, { n: number; score: number }] | null = null;
    for (const entry of counts) if (entry[1].n > 0 && (!top || entry[1].n > top[1].n)) top = entry;
    const matches = top ? top[1].n : 0;
    const share = nonNull > 0 ? matches / nonNull : 0;
    const meanScore = top ? Math.min(1, top[1].score / top[1].n) : 0;
    const entity = top && share >= p.min_share ? top[0] : null;
    const checksums: ChecksumCounts[] = [];
    for (const [e, bad] of invalid) {
      const valid = counts.get(e)?.n ?? 0;
      if (e === entity || valid + bad.n >= p.min_share * nonNull) checksums.push({ entity: e, check: bad.check, valid, invalid: bad.n });
    }
    if (entity && !invalid.has(entity) && Object.hasOwn(CHECKSUM_NAMES, entity)) {
      checksums.push({ entity, check: CHECKSUM_NAMES[entity as keyof typeof CHECKSUM_NAMES], valid: matches, invalid: 0 });
    }
    const reported = new Set(checksums.filter((k) => k.invalid > 0).map((k) => k.entity));
    cells.push(
      tallies[c].cells
        .filter((cell) =>
          cell.kind === "pii"
            ? entity !== null && (cell.score >= p.min_score || promoted.has(cell.entity))
            : cell.kind === "invalid"
              ? reported.has(cell.entity)
              : true,
        )
        .map((cell) =>
          cell.kind === "pii" && cell.score < p.min_score ? { ...cell, score: Math.min(1, cell.score + p.header_boost) } : cell,
        ),
    );
    tallies[c].cells = [];
    return {
      name,
      entity,
      non_null: nonNull,
      matches,
      share,
      mean_score: meanScore,
      risk_score: entity ? columnRisk(entity, meanScore, share) : 0,
      entity_counts: Object.fromEntries([...counts].filter(([, v]) => v.n > 0).map(([e, v]) => [e, v.n])),
      evidence: entity === null ? null : promoted.has(entity) ? "column" : "value",
      checksums,
      embedded: [...embedded.values()],
    };
  });
  const safe = columns.reduce((s, c) => s * (1 - c.risk_score / 100), 1);
  const all = p.sample_row_issues === undefined ? cells.flat().sort(byRow) : roundRobin(cells, p.sample_row_issues);
  return { rows, columns, cells: all, dataset_risk_score: Math.round(100 * (1 - safe)) };
}

function byRow(a: PiiCell, b: PiiCell): number {
  return a.row - b.row || a.field.localeCompare(b.field);
}

/** Takes one cell from each column in turn until `limit`, so every PII column shows examples; sorted by row. */
function roundRobin(lists: PiiCell[][], limit: number): PiiCell[] {
  const out: PiiCell[] = [];
  for (let i = 0; out.length < limit; i++) {
    let took = false;
    for (const list of lists) {
      if (i < list.length && out.length < limit) {
        out.push(list[i]);
        took = true;
      }
    }
    if (!took) break;
  }
  return out.sort(byRow);
}

/** The PII scan from an earlier score-risk in this run, or a fresh one. */
export function piiFromPrevious(previous: ReadonlyMap<string, { status: string; data: unknown }>): PiiScan | null {
  const earlier = previous.get("score-risk");
  return earlier?.status === "success" && earlier.data ? (earlier.data as PiiScan) : null;
}
