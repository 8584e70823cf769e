/**
 * One streaming pass that scores every column against every master type: the share of its
 * non-blank values passing each type's test (all values up to 10,000 per column, then an evenly
 * spread sample, since the share settles long before), its distinct share, and the header's score.
 * semantic-mapper reports it; golden-record-builder uses it to choose comparisons and blocks.
 */
import type * as report from "@agensium/shared";
import type { Dataset } from "../../engine/types.js";
import { HashCountTable } from "../../stats/hash-table.js";
import { cellText } from "../../stats/utf8-column.js";
import { isBlankCell, rowBatches, trimmedCellHash } from "./rows.js";
import { headerScore, MASTER_TYPES, type MasterType, TYPE_RULES, typeConfidence } from "./semantic-types.js";

export type TypeScore = report.TypeScore;

export type ColumnMapping = report.ColumnMapping;

/** Values tested against every type per column; past it the tests run on an evenly spread sample. */
const TESTED_VALUES = 10_000;
/** Distinct values are counted exactly up to this many; past it the column is clearly not a key-like code list. */
const DISTINCT_LIMIT = 1_000_000;

export async function mapColumns(
  dataset: Dataset,
  options: {
    glossary: Record<string, string[]>;
    minConfidence: number;
    signal?: AbortSignal;
    progress?: (rows: number) => void;
    /** Distinct non-blank trimmed values of a column already counted (key-identifier's), so this pass need not count them. */
    knownDistinct?: (number | null)[];
  },
): Promise<ColumnMapping[]> {
  const n = dataset.columns.length;
  const passes = dataset.columns.map(() => new Float64Array(MASTER_TYPES.length));
  const nonBlank = new Float64Array(n);
  const tested = new Float64Array(n);
  const known = dataset.columns.map((_, c) => options.knownDistinct?.[c] ?? null);
  const distinct = dataset.columns.map((_, c) => (known[c] === null ? new HashCountTable(1024) : null));
  let rows = 0;
  for await (const batch of rowBatches(dataset, options.signal)) {
    for (let c = 0; c < n; c++) {
      const cells = batch.cells[c];
      const table = distinct[c];
      for (let i = 0; i < batch.rows; i++) {
        if (isBlankCell(cells, i)) continue;
        nonBlank[c]++;
        if (table !== null && table.size < DISTINCT_LIMIT) table.increment(trimmedCellHash(cells, i));
        // Every value up to TESTED_VALUES, then an evenly spread share of the rest: only those are decoded.
        if (nonBlank[c] > TESTED_VALUES && nonBlank[c] % Math.ceil(nonBlank[c] / TESTED_VALUES) !== 0) continue;
        tested[c]++;
        const v = cellText(cells, i);
        for (let t = 0; t < MASTER_TYPES.length; t++) if (TYPE_RULES[MASTER_TYPES[t]].test(v)) passes[c][t]++;
      }
    }
    rows += batch.rows;
    options.progress?.(rows);
  }

  const extraSynonyms = new Map<string, string[]>();
  const customTypes: [string, string[]][] = [];
  for (const [canonical, synonyms] of Object.entries(options.glossary)) {
    const known = MASTER_TYPES.find((t) => t === canonical || TYPE_RULES[t].canonical === canonical);
    if (known)
      extraSynonyms.set(
        known,
        synonyms.map((s) => s.toLowerCase()),
      );
    else customTypes.push([canonical, [canonical, ...synonyms].map((s) => s.toLowerCase())]);
  }

  // Counting stops at DISTINCT_LIMIT values, so a count made elsewhere is capped the same way.
  const distinctOf = (c: number) => {
    const count = known[c];
    return count === null ? (distinct[c] as HashCountTable).size : Math.min(count, DISTINCT_LIMIT);
  };
  const used = new Map<string, number>();
  return dataset.columns.map((column, c) => {
    const scores: TypeScore[] = MASTER_TYPES.map((type: MasterType, t) => {
      const rule = TYPE_RULES[type];
      const header = headerScore(column, [...rule.synonyms, ...(extraSynonyms.get(type) ?? [])]);
      const share = tested[c] > 0 ? passes[c][t] / tested[c] : 0;
      return {
        type,
        canonical: rule.canonical,
        confidence: round(typeConfidence(header, share, rule.valueWeight)),
        header_score: header,
        value_share: round(share),
      };
    });
    for (const [canonical, synonyms] of customTypes) {
      const header = headerScore(column, synonyms);
      scores.push({ type: canonical, canonical, confidence: header, header_score: header, value_share: 0 });
    }
    // Stable order: by confidence, then the order types are declared in.
    const ranked = scores
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s.confidence - a.s.confidence || a.i - b.i)
      .map((x) => x.s);
    const best = ranked[0];
    const mapped = best.confidence >= options.minConfidence && best.confidence > 0;
    let canonical = mapped ? best.canonical : column;
    if (mapped) {
      const seen = (used.get(canonical) ?? 0) + 1;
      used.set(canonical, seen);
      if (seen > 1) canonical = `${canonical}_${seen}`;
    }
    return {
      column,
      semantic_type: mapped ? best.type : null,
      canonical_name: canonical,
      confidence: best.confidence,
      non_blank: nonBlank[c],
      distinct_share: nonBlank[c] > 0 ? round(distinctOf(c) / nonBlank[c]) : 0,
      alternatives: ranked.slice(0, 3).filter((s) => s.confidence > 0),
    };
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
