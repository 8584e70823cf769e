/**
 * Survivorship per field over each cluster's records, in one streaming pass that keeps state
 * only for clusters of two or more records (a single record survives as it is):
 * most_recent (latest timestamp), most_complete (the longest value: the most information),
 * most_frequent (spellings differing only in case or punctuation count together; ties to the
 * earliest), source_priority (the highest-ranked source), max, min.
 * Blank values never survive while a member has a value. Each surviving value keeps its row.
 */
import type { MasterMyDataParameters } from "@agensium/shared";
import { type Dataset, EngineError } from "../../engine/types.js";
import { hashBytes } from "../../stats/hash.js";
import { cellText, type Utf8Cells } from "../../stats/utf8-column.js";
import { classifyText } from "../../stats/value-parse.js";
import { appendNormalized, ByteBuffer, CellMemo } from "./cell-values.js";
import type { Resolution } from "./resolve-entities.js";
import { cellValue, isBlank, isBlankCell, rowBatches } from "./rows.js";
import { normalizeText } from "./similarity/normalize.js";
import { type SurvivedCluster, SurvivorTable } from "./survivor-table.js";

type Params = MasterMyDataParameters["survivorship-resolver"];
export type SurvivorshipRule = Params["default_rule"];

export type { SurvivedCluster };

export interface SurvivedClusters {
  rules: SurvivorshipRule[];
  byCluster: SurvivorTable;
}

/** most_frequent's tally of one field of one cluster: per normalised form, its count and first row and spelling. */
type Tally = Map<string, { count: number; row: number; value: string }>;

function numericOrder(value: string): number {
  const parsed = classifyText(value.trim());
  return parsed.kind === "string" || parsed.kind === "boolean" ? Number.NaN : parsed.value;
}

/** Whether a candidate value beats the current one (null: none yet) under the rule (ties keep the earlier row). */
function better(rule: SurvivorshipRule, candidateRank: number, candidate: string, value: string | null, rank: number): boolean {
  if (value === null) return true;
  switch (rule) {
    case "most_recent":
    case "most_complete":
      return candidateRank > rank;
    case "source_priority":
      return candidateRank < rank;
    case "max":
    case "min": {
      const sign = rule === "max" ? 1 : -1;
      if (!Number.isNaN(candidateRank) && !Number.isNaN(rank)) return sign * (candidateRank - rank) > 0;
      if (!Number.isNaN(candidateRank) !== !Number.isNaN(rank)) return !Number.isNaN(candidateRank);
      return sign * (candidate < value ? -1 : candidate > value ? 1 : 0) > 0;
    }
    default:
      return false;
  }
}

/** value.trim().length of a present cell: its byte count without ASCII spaces for ASCII text, else from the text. */
function trimmedLength(cells: Utf8Cells, i: number): number {
  const v = cells.values;
  let s = cells.offsets[i];
  let e = cells.offsets[i + 1];
  for (let k = s; k < e; k++) if (v[k] >= 0x80) return cellText(cells, i).trim().length;
  while (s < e && (v[s] === 0x20 || (v[s] >= 0x09 && v[s] <= 0x0d))) s++;
  while (e > s && (v[e - 1] === 0x20 || (v[e - 1] >= 0x09 && v[e - 1] <= 0x0d))) e--;
  return e - s;
}

export function rulesFor(columns: string[], p: Params): SurvivorshipRule[] {
  for (const column of Object.keys(p.rules)) {
    if (!columns.includes(column)) throw new EngineError("PARAMETERS_INVALID", `Survivorship rule for "${column}": no such column`);
  }
  const rules = columns.map((c) => p.rules[c] ?? p.default_rule);
  if (rules.includes("most_recent") && (!p.timestamp_column || !columns.includes(p.timestamp_column))) {
    throw new EngineError("PARAMETERS_INVALID", "The most_recent rule needs timestamp_column naming a column of the file");
  }
  if (rules.includes("source_priority") && (!p.source_column || !columns.includes(p.source_column))) {
    throw new EngineError("PARAMETERS_INVALID", "The source_priority rule needs source_column naming a column of the file");
  }
  return rules;
}

export async function surviveClusters(dataset: Dataset, res: Resolution, p: Params, signal?: AbortSignal): Promise<SurvivedClusters> {
  const columns = dataset.columns;
  const width = columns.length;
  const rules = rulesFor(columns, p);
  const timestampIndex = p.timestamp_column ? columns.indexOf(p.timestamp_column) : -1;
  const sourceIndex = p.source_column ? columns.indexOf(p.source_column) : -1;
  let slots = 0;
  for (let c = 0; c < res.clusters; c++) if (res.clusterSize[c] > 1) slots++;
  const table = new SurvivorTable(res.clusters, slots, width);
  // The state of field (slot, column) while its value is chosen, beside the table's value and row:
  // the hash of the first normalised form seen (most_frequent keeps the form itself, and a tally),
  // and the rule's ordering key of the current value: a timestamp, a source's rank or a number
  // (8 bytes), or for most_complete (the default rule) a length, which a cell's 32-bit offsets bound
  // (4 bytes). Each kind in its own table, one column per field of that rule.
  const keyColumn = rules.map(() => -1);
  let ranked = 0;
  let lengths = 0;
  rules.forEach((rule, c) => {
    if (rule === "most_complete") keyColumn[c] = lengths++;
    else if (rule !== "most_frequent") keyColumn[c] = ranked++;
  });
  const rank = new Float64Array(slots * ranked);
  const length = new Int32Array(slots * lengths);
  const firstHash = new Float64Array(slots * width);
  const frequent = rules.includes("most_frequent");
  const firstNormalized = frequent ? new Array<string | null>(slots * width).fill(null) : [];
  const tallies = new Map<number, Tally>();
  // Normalised forms per distinct value: computed once, one shared string however many records repeat it.
  const normalizedMemos = rules.map((rule) => (rule === "most_frequent" ? new CellMemo(normalizeText) : null));
  const normalizedBytes = new ByteBuffer();
  const { conflict } = table;
  let index = 0;
  for await (const batch of rowBatches(dataset, signal)) {
    for (let i = 0; i < batch.rows; i++, index++) {
      const cluster = res.clusterOf[index];
      if (res.clusterSize[cluster] < 2) continue;
      const from = table.fieldsOf(cluster);
      const slot = from / width;
      const row = batch.firstRow + i;
      const stamp = timestampIndex >= 0 ? cellValue(batch.cells[timestampIndex], i) : null;
      const time = stamp === null || isBlank(stamp) ? Number.NEGATIVE_INFINITY : numericOrder(stamp);
      const source = sourceIndex >= 0 ? (cellValue(batch.cells[sourceIndex], i) ?? "").trim() : "";
      const sourceRank = p.source_priority.indexOf(source);
      for (let c = 0; c < width; c++) {
        const cells = batch.cells[c];
        if (isBlankCell(cells, i)) continue;
        const at = from + c;
        const rule = rules[c];
        if (rule === "most_frequent") {
          const value = cellText(cells, i);
          const normalized = (normalizedMemos[c] as CellMemo<string>).get(cells, i);
          const first = firstNormalized[at];
          if (first === null) firstNormalized[at] = normalized;
          else if (first !== normalized) conflict[at] = 1;
          // Spellings that differ only in case, accents or punctuation count as one value.
          let tally = tallies.get(at);
          if (!tally) {
            tally = new Map();
            tallies.set(at, tally);
          }
          const counted = tally.get(normalized);
          if (counted) counted.count++;
          else tally.set(normalized, { count: 1, row, value });
          continue;
        }
        // Conflicts compare normalised forms by the hash of their bytes: no string per cell.
        normalizedBytes.length = 0;
        appendNormalized(cells, i, normalizedBytes);
        const normalizedHash = hashBytes(normalizedBytes.bytes, 0, normalizedBytes.length);
        // A field has a value from its first non-blank member on: that member's form is the first.
        const held = table.has(at);
        if (!held) firstHash[at] = normalizedHash;
        else if (firstHash[at] !== normalizedHash) conflict[at] = 1;
        // most_recent, most_complete and source_priority rank without the text; it is decoded for the value that wins.
        const value = rule === "max" || rule === "min" ? cellText(cells, i) : null;
        const candidateRank =
          rule === "most_recent"
            ? Number.isNaN(time)
              ? Number.NEGATIVE_INFINITY
              : time
            : rule === "most_complete"
              ? trimmedLength(cells, i)
              : rule === "source_priority"
                ? sourceRank < 0
                  ? Number.POSITIVE_INFINITY
                  : sourceRank
                : numericOrder(value as string);
        // Only max and min compare against the current text; the other rules compare ranks.
        const current = !held ? null : value === null ? "" : table.text(at);
        const byLength = rule === "most_complete";
        const key = byLength ? slot * lengths + keyColumn[c] : slot * ranked + keyColumn[c];
        if (better(rule, candidateRank, value ?? "", current, byLength ? length[key] : rank[key])) {
          table.setCell(at, cells, i, row);
          if (byLength) length[key] = candidateRank;
          else rank[key] = candidateRank;
        }
      }
    }
  }
  // most_frequent: the most counted form's first spelling (ties to the earliest row).
  for (const [at, tally] of tallies) {
    let best: { count: number; row: number; value: string } | null = null;
    for (const entry of tally.values())
      if (!best || entry.count > best.count || (entry.count === best.count && entry.row < best.row)) best = entry;
    if (best) table.setText(at, best.value, best.row);
  }
  return { rules, byCluster: table };
}
