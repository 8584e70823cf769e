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
import { cellHash, isBlankCell, rowBatches } from "./rows.js";
import { headerKey } from "./semantic-types.js";

type Params = MasterMyDataParameters["key-identifier"];

export type KeyCandidate = report.KeyCandidate;

export type KeyIdentifierData = report.KeyIdentifierData;

/** Columns considered for composites: the most distinct complete non-key columns. */
const COMPOSITE_COLUMNS = 6;
/** Combinations counted per pass, so memory holds at most this many hash tables of the row count. */
const COMBINATIONS_PER_PASS = 5;

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
 * Whether each combination is unique: its combined cell hashes counted row by row. A combination
 * stops being counted at its first repeat (it cannot be a key), and the pass ends early once
 * every combination has repeated. Each column's cells are hashed once per batch, from their bytes.
 */
async function uniqueCombinations(dataset: Dataset, combos: number[][], signal?: AbortSignal): Promise<boolean[]> {
  const tables: (HashCountTable | null)[] = combos.map(() => new HashCountTable(1024));
  const used = [...new Set(combos.flat())];
  const hashes = new Map<number, Float64Array>(used.map((c) => [c, new Float64Array(0)]));
  let live = combos.length;
  for await (const batch of rowBatches(dataset, signal)) {
    for (const c of used) {
      let h = hashes.get(c) as Float64Array;
      if (h.length < batch.rows) {
        h = new Float64Array(batch.rows);
        hashes.set(c, h);
      }
      const cells = batch.cells[c];
      // A missing cell counts as "" (complete columns have none).
      for (let i = 0; i < batch.rows; i++) h[i] = cellHash(cells, i);
    }
    for (let t = 0; t < combos.length; t++) {
      const table = tables[t];
      if (!table) continue;
      const columnHashes = combos[t].map((c) => hashes.get(c) as Float64Array);
      for (let i = 0; i < batch.rows; i++) {
        let h = 0x2545f491;
        for (const ch of columnHashes) h = combineHash(h, ch[i]);
        if (table.increment(h) > 0) {
          tables[t] = null;
          live--;
          break;
        }
      }
    }
    if (live === 0) break;
  }
  return tables.map((t) => t !== null);
}

const isIdLike = (column: string) => /(^|_)(id|key|uuid|guid|code|number|no)$/.test(headerKey(column));

export const keyIdentifier: Agent<Params, KeyIdentifierData> = {
  id: "key-identifier",
  async run(ctx) {
    const p = ctx.parameters;
    const dataset = ctx.primary;
    const columns = dataset.columns;
    const distinct = columns.map(() => new HashCountTable(1024));
    const blanks = new Float64Array(columns.length);
    let rows = 0;
    for await (const batch of rowBatches(dataset, ctx.signal)) {
      for (let c = 0; c < columns.length; c++) {
        const cells = batch.cells[c];
        const table = distinct[c];
        for (let i = 0; i < batch.rows; i++) {
          if (isBlankCell(cells, i)) blanks[c]++;
          else table.increment(cellHash(cells, i));
        }
      }
      rows += batch.rows;
      ctx.progress(rows, "scanning");
    }
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
    let tested = 0;
    for (let size = 2; size <= Math.min(p.max_composite_columns, pool.length); size++) {
      const combos = combinations(pool.length, size).filter((combo) => {
        // Minimal keys only; and a combination with fewer possible values than rows cannot be unique.
        if (composites.some((k) => k.columns.every((name) => combo.some((i) => pool[i].name === name)))) return false;
        return combo.reduce((product, i) => product * pool[i].d, 1) >= rows;
      });
      for (let start = 0; start < combos.length; start += COMBINATIONS_PER_PASS) {
        const group = combos.slice(start, start + COMBINATIONS_PER_PASS);
        const unique = await uniqueCombinations(
          dataset,
          group.map((combo) => combo.map((i) => pool[i].c)),
          ctx.signal,
        );
        tested += group.length;
        group.forEach((combo, g) => {
          if (unique[g]) composites.push({ columns: combo.map((i) => pool[i].name), distinct: rows, distinct_share: 1, unique: true });
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
    return {
      alerts,
      issues: [],
      recommendations,
      row_level_issues: [],
      executive_summary: summary,
      data: {
        rows,
        single_column_candidates: singles,
        composite_keys: composites,
        primary_key: primary?.columns ?? null,
        natural_keys: natural,
        composite_combinations_tested: tested,
      },
    };
  },
};
