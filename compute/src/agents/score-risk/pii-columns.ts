/**
 * Each column decided from its tally: the entity it holds (if any share of its values reaches
 * min_share), its risk, its checksums, and which of its spilled cells the report lists.
 */
import type * as report from "@agensium/shared";
import type { ProfileMyDataParameters } from "@agensium/shared";
import type { Dataset } from "../../engine/types.js";
import {
  CHECKSUM_NAMES,
  COLUMN_EVIDENCE_ENTITIES,
  COLUMN_EVIDENCE_SHARE,
  ENTITY_SENSITIVITY,
  type PiiEntity,
} from "../../stats/pii-entities.js";
import type { CellFilter } from "./pii-cell-spill.js";
import type { ColumnTally } from "./tally-merge.js";

type ScoreRiskParams = ProfileMyDataParameters["score-risk"];
type ColumnPii = report.ColumnPii;
type ChecksumCounts = report.ChecksumCounts;

/**
 * Column risk = 100 × sensitivity × mean score × √share: a full card column scores 100, a
 * column where a quarter of the values are e-mails half of an all-e-mail column.
 * Dataset risk = 100 × (1 − Π(1 − riskᵢ/100)): every PII column adds to the chance of harm.
 */
export function columnRisk(entity: PiiEntity, meanScore: number, share: number): number {
  return Math.round(100 * ENTITY_SENSITIVITY[entity] * meanScore * Math.sqrt(share));
}

export function decided(dataset: Dataset, p: ScoreRiskParams, tallies: ColumnTally[]): { columns: ColumnPii[]; filters: CellFilter[] } {
  const filters: CellFilter[] = [];
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
    filters.push({ entity, promoted, reported });
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
  return { columns, filters };
}

export function datasetRisk(columns: ColumnPii[]): number {
  const safe = columns.reduce((s, c) => s * (1 - c.risk_score / 100), 1);
  return Math.round(100 * (1 - safe));
}
