/**
 * key-identifier: single-column candidate keys (complete, distinct share ≥ candidate_distinct_share;
 * a key when every value differs), then composite keys of 2–3 columns tested exactly by counting
 * the distinct combined values, smallest first (a combination containing a key is not minimal).
 * Recommends a primary key (an id-like unique column first) and the natural keys.
 */
import type * as report from "@agensium/shared";
import type { Alert, MasterMyDataParameters, Recommendation, SummaryItem } from "@agensium/shared";
import type { Agent, Dataset } from "../../engine/types.js";
import { combineHash } from "../../stats/hash.js";
import { HashCountTable } from "../../stats/hash-table.js";
import { attachTrimmedDistinct } from "./handoff.js";
import { scanKeyColumns } from "./key-scan.js";
import { cellHash, rowBatches } from "./rows.js";
import { headerKey } from "./semantic-types.js";

type Params = MasterMyDataParameters["key-identifier"];

export type KeyCandidate = report.KeyCandidate;

export type KeyIdentifierData = report.KeyIdentifierData;

/** Columns considered for composites: the most distinct complete non-key columns. */
const COMPOSITE_COLUMNS = 6;
/**
 * Table entries a pass may hold across its combinations, in multiples of the row count: as many as
 * five tables of every row. A combination's table holds at most the rows whose value in its anchor
 * column repeats, so combinations anchored on nearly distinct columns share one pass (each pass
 * reads the whole file again, which costs more than the counting).
 */
const ROWS_PER_PASS = 5;

function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === k) return void out.push(chosen);
    for (let i = start; i < n; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

/**
 * Which rows repeat their value in a column, by row of the dataset (1 = the value occurs more than
 * once, counted in the first pass). Worked out in the first composite pass that needs the column and
 * kept, so later passes read a byte per row instead of hashing the cell and probing its count again.
 */
type RepeatFlags = Map<number, Uint8Array>;

/** The most distinct column of a combination (the first of equals): only rows whose value in it repeats can repeat the combination. */
function anchorOf(combo: number[], distinct: HashCountTable[]): number {
  return combo.reduce((best, c) => (distinct[c].size > distinct[best].size ? c : best));
}

/** Rows whose value occurs more than once, from a column's distinct counts. */
function repeatedRows(counts: HashCountTable): number {
  let n = 0;
  for (let s = 0; s < counts.keys.length; s++) if (counts.keys[s] !== 0 && counts.counts[s] > 1) n += counts.counts[s];
  return n;
}

/** Consecutive runs of combinations whose anchors' repeated rows fit ROWS_PER_PASS (at least one combination a pass). */
function passGroups(combos: number[][], distinct: HashCountTable[], rows: number): number[][][] {
  const repeated = new Map<number, number>();
  const groups: number[][][] = [];
  let group: number[][] = [];
  let held = 0;
  for (const combo of combos) {
    const anchor = anchorOf(combo, distinct);
    let r = repeated.get(anchor);
    if (r === undefined) {
      r = repeatedRows(distinct[anchor]);
      repeated.set(anchor, r);
    }
    if (group.length > 0 && held + r > ROWS_PER_PASS * rows) {
      groups.push(group);
      group = [];
      held = 0;
    }
    group.push(combo);
    held += r;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * Whether each combination is unique: its combined cell hashes counted row by row. Two rows equal
 * on a combination are equal on each of its columns, so only rows whose value in the combination's
 * most distinct column repeats (counted in the first pass) can break it: the others are skipped,
 * and a column almost every row of which differs leaves few rows to count. A combination stops
 * being counted at its first repeat (it cannot be a key), and the pass ends early once every
 * combination has repeated.
 */
async function uniqueCombinations(
  dataset: Dataset,
  combos: number[][],
  distinct: HashCountTable[],
  rows: number,
  repeats: RepeatFlags,
  signal?: AbortSignal,
): Promise<boolean[]> {
  const tables: (HashCountTable | null)[] = combos.map(() => new HashCountTable(1024));
  const anchors = combos.map((combo) => anchorOf(combo, distinct));
  // Flags this pass works out; they are kept only if the pass reads every row.
  const fresh = new Map<number, Uint8Array>();
  for (const c of new Set(anchors)) if (!repeats.has(c)) fresh.set(c, new Uint8Array(rows));
  const flagsOf = anchors.map((c) => (repeats.get(c) ?? fresh.get(c)) as Uint8Array);
  let live = combos.length;
  let base = 0;
  let complete = true;
  for await (const batch of rowBatches(dataset, signal)) {
    for (const [c, flags] of fresh) {
      const cells = batch.cells[c];
      const counts = distinct[c];
      for (let i = 0; i < batch.rows; i++) flags[base + i] = counts.get(cellHash(cells, i)) > 1 ? 1 : 0;
    }
    for (let t = 0; t < combos.length; t++) {
      const table = tables[t];
      if (!table) continue;
      const repeated = flagsOf[t];
      const columnCells = combos[t].map((c) => batch.cells[c]);
      for (let i = 0; i < batch.rows; i++) {
        if (repeated[base + i] === 0) continue;
        let h = 0x2545f491;
        for (const cells of columnCells) h = combineHash(h, cellHash(cells, i));
        if (table.increment(h) > 0) {
          tables[t] = null;
          live--;
          break;
        }
      }
    }
    base += batch.rows;
    if (live === 0) {
      complete = false;
      break;
    }
  }
  if (complete) for (const [c, flags] of fresh) repeats.set(c, flags);
  return tables.map((t) => t !== null);
}

const isIdLike = (column: string) => /(^|_)(id|key|uuid|guid|code|number|no)$/.test(headerKey(column));

export const keyIdentifier: Agent<Params, KeyIdentifierData> = {
  id: "key-identifier",
  async run(ctx) {
    const p = ctx.parameters;
    const dataset = ctx.primary;
    const columns = dataset.columns;
    const { rows, distinct, blanks, untrimmed } = await scanKeyColumns(ctx.primary, ctx.signal, (n) => ctx.progress(n, "scanning"));
    const share = (n: number) => (rows > 0 ? Math.round((n / rows) * 10_000) / 10_000 : 0);
    const complete = columns.map((_, c) => blanks[c] === 0 && rows > 0);
    const singles: KeyCandidate[] = columns
      .map((name, c) => ({ name, c, d: distinct[c].size }))
      .filter((x) => complete[x.c] && x.d / rows >= p.candidate_distinct_share)
      .map((x) => ({ columns: [x.name], distinct: x.d, distinct_share: share(x.d), unique: x.d === rows }))
      .sort((a, b) => b.distinct_share - a.distinct_share);
    const uniqueSingles = new Set(singles.filter((k) => k.unique).map((k) => k.columns[0]));

    // Composite keys, only from complete columns that are not keys themselves.
    const pool = columns
      .map((name, c) => ({ name, c, d: distinct[c].size }))
      .filter((x) => complete[x.c] && !uniqueSingles.has(x.name) && x.d > 1)
      .sort((a, b) => b.d - a.d || a.c - b.c)
      .slice(0, COMPOSITE_COLUMNS);
    const composites: KeyCandidate[] = [];
    const repeats: RepeatFlags = new Map();
    let tested = 0;
    for (let size = 2; size <= Math.min(p.max_composite_columns, pool.length); size++) {
      const combos = combinations(pool.length, size).filter((combo) => {
        // Minimal keys only; and a combination with fewer possible values than rows cannot be unique.
        if (composites.some((k) => k.columns.every((name) => combo.some((i) => pool[i].name === name)))) return false;
        return combo.reduce((product, i) => product * pool[i].d, 1) >= rows;
      });
      for (const group of passGroups(
        combos.map((combo) => combo.map((i) => pool[i].c)),
        distinct,
        rows,
      )) {
        const unique = await uniqueCombinations(dataset, group, distinct, rows, repeats, ctx.signal);
        tested += group.length;
        group.forEach((combo, g) => {
          if (unique[g]) composites.push({ columns: combo.map((c) => columns[c]), distinct: rows, distinct_share: 1, unique: true });
        });
      }
    }

    const uniqueKeys = [...singles.filter((k) => k.unique), ...composites];
    const primary = singles.find((k) => k.unique && isIdLike(k.columns[0])) ?? singles.find((k) => k.unique) ?? composites[0] ?? null;
    const natural = uniqueKeys.filter((k) => k !== primary && !k.columns.every(isIdLike)).map((k) => k.columns);

    const alerts: Alert[] = singles
      .filter((k) => !k.unique)
      .map((k, i) => ({
        id: `key-near-${i + 1}`,
        severity: "low",
        category: "near_key",
        field: k.columns[0],
        message: `${k.columns[0]} is ${Math.round(k.distinct_share * 1000) / 10} % distinct: ${rows - k.distinct} repeated value(s) keep it from being a key`,
        metric: "distinct_share",
        value: k.distinct_share,
        threshold: p.candidate_distinct_share,
      }));
    if (!primary) {
      alerts.push({
        id: "key-none",
        severity: "high",
        category: "no_key",
        message: "No column or combination of up to three columns identifies every row",
      });
    }
    const recommendations: Recommendation[] = [];
    if (primary) {
      recommendations.push({
        id: "key-rec-primary",
        priority: "high",
        action: `Use ${primary.columns.join(" + ")} as the primary key`,
        field: primary.columns.join(", "),
        rationale: "Complete and different on every row",
      });
    }
    for (const [i, key] of natural.entries()) {
      recommendations.push({
        id: `key-rec-natural-${i + 1}`,
        priority: "medium",
        action: `Declare ${key.join(" + ")} as a natural (business) key with a unique constraint`,
        field: key.join(", "),
        rationale: "Identifies every row by business values, so duplicates entered under new ids can be caught",
      });
    }
    const summary: SummaryItem[] = [
      {
        title: "Primary key",
        value: primary ? primary.columns.join(" + ") : "none",
        status: primary ? "good" : "critical",
        description: primary ? "Complete and unique on every row" : "No candidate key of up to three columns",
      },
      {
        title: "Candidate keys",
        value: uniqueKeys.length,
        status: uniqueKeys.length > 0 ? "good" : "warning",
        description: "Single and composite keys unique on every row",
      },
    ];
    const data: KeyIdentifierData = {
      rows,
      single_column_candidates: singles,
      composite_keys: composites,
      primary_key: primary?.columns ?? null,
      natural_keys: natural,
      composite_combinations_tested: tested,
    };
    // A column whose values are all their own trimmed form has as many distinct trimmed values as values.
    attachTrimmedDistinct(
      data,
      columns.map((_, c) => (untrimmed[c] === 0 ? distinct[c].size : null)),
    );
    return { alerts, issues: [], recommendations, row_level_issues: [], executive_summary: summary, data };
  },
};
