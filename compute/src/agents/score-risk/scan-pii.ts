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
import { SpilledDataset } from "../../engine/dataset.js";
import type { Dataset } from "../../engine/types.js";
import { EngineError, scanBatches } from "../../engine/types.js";
import { ColumnScanner, partCellPath } from "./column-scan.js";
import { type CellVisitor, ListedCells, mergeByRow, roundRobin } from "./pii-cell-spill.js";
import { datasetRisk, decided } from "./pii-columns.js";
import { rangeThreads, scanByRanges } from "./range-pool.js";
import { type ColumnTally, mergeParts } from "./tally-merge.js";

export type ScoreRiskParams = ProfileMyDataParameters["score-risk"];

export type PiiCell = report.PiiCell;

export type ChecksumCounts = report.ChecksumCounts;

export type EmbeddedPii = report.EmbeddedPii;

export type ColumnPii = report.ColumnPii;

export type PiiScan = report.PiiScan;

export type { CellShape, CellVisitor, ListedCells } from "./pii-cell-spill.js";
export type { ColumnTally } from "./tally-merge.js";

export interface ScanHooks {
  signal?: AbortSignal;
  progress?: (rows: number) => void;
  /** Threads sharing the rows (this one and workers); one per core on large spilled inputs when absent. */
  threads?: number;
  /** Batches per range handed to a thread (see range-pool.ts); sized from the threads when absent. */
  rangeBatches?: number;
  /** A folder for the PII cells of each column; absent, cells are only counted. */
  cellDir?: string;
}

/**
 * Streams the cells of the given columns through the recognisers in one pass, on this thread.
 * A column's findings depend only on its own cells in row order (the verdict cache and phone
 * regions are per column).
 */
export async function scanPiiColumns(
  dataset: Dataset,
  columns: number[],
  p: ScoreRiskParams,
  hooks: ScanHooks = {},
): Promise<{ rows: number; tallies: ColumnTally[] }> {
  const { cellDir } = hooks;
  const scanners = columns.map((c) => new ColumnScanner(dataset.columns[c], p));
  const parts = scanners.map((s, k) => s.open(cellDir === undefined ? null : partCellPath(cellDir, columns[k], 0)));
  let rows = 0;
  for await (const { batch, firstRow } of scanBatches(dataset, hooks.signal)) {
    if (hooks.signal?.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    for (let k = 0; k < columns.length; k++) scanners[k].scan(parts[k], batch, columns[k], firstRow);
    rows += batch.numRows;
    hooks.progress?.(rows);
  }
  return { rows, tallies: parts.map((part, k) => mergeParts([scanners[k].close(part)])) };
}

async function scanAllColumns(dataset: Dataset, p: ScoreRiskParams, hooks: ScanHooks): Promise<{ rows: number; tallies: ColumnTally[] }> {
  const all = dataset.columns.map((_, c) => c);
  const spilled = dataset instanceof SpilledDataset ? dataset : null;
  const threads = hooks.threads ?? (spilled ? rangeThreads(spilled.rowCount) : 1);
  if (!spilled || threads <= 1) return scanPiiColumns(dataset, all, p, hooks);
  return scanByRanges(spilled, p, { ...hooks, threads });
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
 * `listCells` makes once the columns are decided (each as a PiiCell, or as the column's list positioned at
 * it when the visitor takes lists). The cells wait in spill files under
 * `spillDir` meanwhile, so memory does not grow with their number.
 */
export async function scanPiiCells(
  dataset: Dataset,
  p: ScoreRiskParams,
  spillDir: string,
  listCells: (columns: readonly ColumnPii[]) => CellVisitor,
  hooks: Omit<ScanHooks, "cellDir"> = {},
): Promise<PiiScan> {
  const cellDir = mkdtempSync(join(spillDir, "pii-cells-"));
  const { rows, tallies } = await scanAllColumns(dataset, p, { ...hooks, cellDir });
  const { columns, filters } = decided(dataset, p, tallies);
  const visit = listCells(columns);
  const lists = tallies.map((t, c) => new ListedCells(t.cells.paths, dataset.columns[c], filters[c], p));
  if (p.sample_row_issues === undefined) mergeByRow(lists, visit);
  else for (const cell of roundRobin(lists, p.sample_row_issues)) visit.cell(cell);
  for (const list of lists) list.close();
  return { rows, columns, cells: [], dataset_risk_score: datasetRisk(columns) };
}

/** The PII scan from an earlier score-risk in this run, or a fresh one. */
export function piiFromPrevious(previous: ReadonlyMap<string, { status: string; data: unknown }>): PiiScan | null {
  const earlier = previous.get("score-risk");
  return earlier?.status === "success" && earlier.data ? (earlier.data as PiiScan) : null;
}
