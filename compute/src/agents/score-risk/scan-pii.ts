/**
 * Streams every cell of every column through the PII recognisers and tallies, per column, how
 * many values each entity matched (score ≥ min_score), plus the first PII cells for row issues.
 */
import type { ProfileMyDataParameters } from "@agensium/shared";
import type { Dataset } from "../../engine/types.js";
import { EngineError } from "../../engine/types.js";
import { detectPii, ENTITY_SENSITIVITY, headerEntities, type PiiEntity } from "../../stats/pii-entities.js";
import { batchColumnCells, cellText, isNullCell } from "../../stats/utf8-column.js";

export type ScoreRiskParams = ProfileMyDataParameters["score-risk"];

export interface PiiCell {
  row: number;
  field: string;
  entity: PiiEntity;
  score: number;
  value: string;
}

export interface ColumnPii {
  name: string;
  /** The entity found most often, when its share reaches min_share. */
  entity: PiiEntity | null;
  non_null: number;
  matches: number;
  share: number;
  mean_score: number;
  risk_score: number;
  entity_counts: Partial<Record<PiiEntity, number>>;
}

export interface PiiScan {
  rows: number;
  columns: ColumnPii[];
  cells: PiiCell[];
  dataset_risk_score: number;
}

/**
 * Column risk = 100 × sensitivity × mean score × √share: a full card column scores 100, a
 * column where a quarter of the values are e-mails half of an all-e-mail column.
 * Dataset risk = 100 × (1 − Π(1 − riskᵢ/100)): every PII column adds to the chance of harm.
 */
export function columnRisk(entity: PiiEntity, meanScore: number, share: number): number {
  return Math.round(100 * ENTITY_SENSITIVITY[entity] * meanScore * Math.sqrt(share));
}

export async function scanPii(
  dataset: Dataset,
  p: ScoreRiskParams,
  hooks: { signal?: AbortSignal; progress?: (rows: number) => void } = {},
): Promise<PiiScan> {
  const named = dataset.columns.map((c) => headerEntities(c));
  const tallies = dataset.columns.map(() => ({ nonNull: 0, counts: new Map<PiiEntity, { n: number; score: number }>() }));
  // Up to sample_row_issues cells kept per column, then shared out fairly among the PII columns.
  const cellsByColumn: PiiCell[][] = dataset.columns.map(() => []);
  let rows = 0;
  for await (const { batch, firstRow } of dataset.batches(hooks.signal)) {
    if (hooks.signal?.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    for (let c = 0; c < dataset.columns.length; c++) {
      const tally = tallies[c];
      let offset = 0;
      for (const chunk of batchColumnCells(batch, c)) {
        for (let i = 0; i < chunk.length; i++) {
          if (isNullCell(chunk, i) || chunk.offsets[i] === chunk.offsets[i + 1]) continue;
          tally.nonNull++;
          const text = cellText(chunk, i);
          const match = detectPii(text, named[c], p.header_boost);
          if (!match || match.score < p.min_score) continue;
          const entry = tally.counts.get(match.entity) ?? { n: 0, score: 0 };
          entry.n++;
          entry.score += match.score;
          tally.counts.set(match.entity, entry);
          if (cellsByColumn[c].length < p.sample_row_issues) {
            cellsByColumn[c].push({
              row: firstRow + offset + i,
              field: dataset.columns[c],
              entity: match.entity,
              score: match.score,
              value: text,
            });
          }
        }
        offset += chunk.length;
      }
    }
    rows += batch.numRows;
    hooks.progress?.(rows);
  }
  const columns = dataset.columns.map((name, c): ColumnPii => {
    const { nonNull, counts } = tallies[c];
    let top: [PiiEntity, { n: number; score: number }] | null = null;
    for (const entry of counts) if (!top || entry[1].n > top[1].n) top = entry;
    const matches = top ? top[1].n : 0;
    const share = nonNull > 0 ? matches / nonNull : 0;
    const meanScore = top ? top[1].score / top[1].n : 0;
    const entity = top && share >= p.min_share ? top[0] : null;
    return {
      name,
      entity,
      non_null: nonNull,
      matches,
      share,
      mean_score: meanScore,
      risk_score: entity ? columnRisk(entity, meanScore, share) : 0,
      entity_counts: Object.fromEntries([...counts].map(([e, v]) => [e, v.n])),
    };
  });
  const safe = columns.reduce((s, c) => s * (1 - c.risk_score / 100), 1);
  const piiCells = cellsByColumn.filter((_, c) => columns[c].entity !== null);
  return { rows, columns, cells: roundRobin(piiCells, p.sample_row_issues), dataset_risk_score: Math.round(100 * (1 - safe)) };
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
  return out.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
}

/** The PII scan from an earlier score-risk in this run, or a fresh one. */
export function piiFromPrevious(previous: ReadonlyMap<string, { status: string; data: unknown }>): PiiScan | null {
  const earlier = previous.get("score-risk");
  return earlier?.status === "success" && earlier.data ? (earlier.data as PiiScan) : null;
}
