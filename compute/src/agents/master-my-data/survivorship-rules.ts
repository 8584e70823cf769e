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

type Params = MasterMyDataParameters["survivorship-resolver"];
export type SurvivorshipRule = Params["default_rule"];

export interface SurvivedCluster {
  values: (string | null)[];
  /** Row in the user's file that gave each surviving value (null when every member was blank). */
  sourceRows: (number | null)[];
  /** Column indexes whose members disagree (two or more different non-blank values). */
  conflicts: number[];
}

export interface SurvivedClusters {
  rules: SurvivorshipRule[];
  byCluster: Map<number, SurvivedCluster>;
}

interface FieldState {
  value: string | null;
  row: number | null;
  /** The rule's ordering key of the current value (timestamp, length, rank or number). */
  rank: number;
  /** most_frequent: the first normalised form; other rules: the hash of its UTF-8 (seen once one is). */
  firstNormalized: string | null;
  seen: boolean;
  firstHash: number;
  conflict: boolean;
  counts: Map<string, { count: number; row: number; value: string }> | null;
}

function numericOrder(value: string): number {
  const parsed = classifyText(value.trim());
  return parsed.kind === "string" || parsed.kind === "boolean" ? Number.NaN : parsed.value;
}

/** Whether a candidate value beats the current one under the rule (ties keep the earlier row). */
function better(rule: SurvivorshipRule, candidateRank: number, candidate: string, state: FieldState): boolean {
  if (state.value === null) return true;
  switch (rule) {
    case "most_recent":
    case "most_complete":
      return candidateRank > state.rank;
    case "source_priority":
      return candidateRank < state.rank;
    case "max":
    case "min": {
      const sign = rule === "max" ? 1 : -1;
      if (!Number.isNaN(candidateRank) && !Number.isNaN(state.rank)) return sign * (candidateRank - state.rank) > 0;
      if (!Number.isNaN(candidateRank) !== !Number.isNaN(state.rank)) return !Number.isNaN(candidateRank);
      return sign * (candidate < state.value ? -1 : candidate > state.value ? 1 : 0) > 0;
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
  const rules = rulesFor(columns, p);
  const timestampIndex = p.timestamp_column ? columns.indexOf(p.timestamp_column) : -1;
  const sourceIndex = p.source_column ? columns.indexOf(p.source_column) : -1;
  const states = new Map<number, FieldState[]>();
  // Normalised forms per distinct value: computed once, one shared string however many records repeat it.
  const normalizedMemos = rules.map((rule) => (rule === "most_frequent" ? new CellMemo(normalizeText) : null));
  const normalizedBytes = new ByteBuffer();
  let index = 0;
  for await (const batch of rowBatches(dataset, signal)) {
    for (let i = 0; i < batch.rows; i++, index++) {
      const cluster = res.clusterOf[index];
      if (res.clusterSize[cluster] < 2) continue;
      let fields = states.get(cluster);
      if (!fields) {
        fields = rules.map((rule) => ({
          value: null,
          row: null,
          rank: 0,
          firstNormalized: null,
          seen: false,
          firstHash: 0,
          conflict: false,
          counts: rule === "most_frequent" ? new Map() : null,
        }));
        states.set(cluster, fields);
      }
      const row = batch.firstRow + i;
      const stamp = timestampIndex >= 0 ? cellValue(batch.cells[timestampIndex], i) : null;
      const time = stamp === null || isBlank(stamp) ? Number.NEGATIVE_INFINITY : numericOrder(stamp);
      const source = sourceIndex >= 0 ? (cellValue(batch.cells[sourceIndex], i) ?? "").trim() : "";
      const sourceRank = p.source_priority.indexOf(source);
      for (let c = 0; c < columns.length; c++) {
        const cells = batch.cells[c];
        if (isBlankCell(cells, i)) continue;
        const state = fields[c];
        const rule = rules[c];
        if (state.counts) {
          const value = cellText(cells, i);
          const normalized = (normalizedMemos[c] as CellMemo<string>).get(cells, i);
          if (state.firstNormalized === null) state.firstNormalized = normalized;
          else if (state.firstNormalized !== normalized) state.conflict = true;
          // Spellings that differ only in case, accents or punctuation count as one value.
          const key = normalized;
          const seen = state.counts.get(key);
          if (seen) seen.count++;
          else state.counts.set(key, { count: 1, row, value });
          continue;
        }
        // Conflicts compare normalised forms by the hash of their bytes: no string per cell.
        normalizedBytes.length = 0;
        appendNormalized(cells, i, normalizedBytes);
        const normalizedHash = hashBytes(normalizedBytes.bytes, 0, normalizedBytes.length);
        if (!state.seen) {
          state.seen = true;
          state.firstHash = normalizedHash;
        } else if (state.firstHash !== normalizedHash) state.conflict = true;
        // most_recent, most_complete and source_priority rank without the text; it is decoded for the value that wins.
        const value = rule === "max" || rule === "min" ? cellText(cells, i) : null;
        const rank =
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
        if (better(rule, rank, value ?? "", state)) {
          state.value = value ?? cellText(cells, i);
          state.row = row;
          state.rank = rank;
        }
      }
    }
  }
  const byCluster = new Map<number, SurvivedCluster>();
  for (const [cluster, fields] of states) {
    for (const state of fields) {
      if (!state.counts) continue;
      let best: { count: number; row: number; value: string } | null = null;
      for (const entry of state.counts.values())
        if (!best || entry.count > best.count || (entry.count === best.count && entry.row < best.row)) best = entry;
      state.value = best?.value ?? null;
      state.row = best?.row ?? null;
    }
    byCluster.set(cluster, {
      values: fields.map((f) => f.value),
      sourceRows: fields.map((f) => f.row),
      conflicts: fields.flatMap((f, c) => (f.conflict ? [c] : [])),
    });
  }
  return { rules, byCluster };
}
