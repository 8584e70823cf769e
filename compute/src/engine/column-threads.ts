/**
 * Splits a scan's columns between this thread and worker threads when each column's result
 * depends only on that column's cells in row order: every thread reads the same spill file
 * and scans its own columns, so the merged result is the single-thread result, only sooner.
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { batchColumnCells } from "../stats/utf8-column.js";
import type { SpilledDataset } from "./dataset.js";

/** Below this many rows a worker's start-up (tens of ms, more under a TypeScript loader) costs more than it saves. */
export const PARALLEL_MIN_ROWS = 100_000;
/** The same bound in bytes of input, for when the rows are not counted yet (rows of 40 bytes or more). */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/** Whether a first pass is worth a worker following its dataset (Agent.follow): a large input, by its rows once known, else by its bytes. */
export function worthFollowing({ inputRows, inputBytes }: { inputRows: number | null; inputBytes: number }): boolean {
  return inputRows === null ? inputBytes >= PARALLEL_MIN_BYTES : inputRows >= PARALLEL_MIN_ROWS;
}

/** Threads for a scan of `rows` rows over `columns` columns: one per core, never more than columns. */
export function defaultThreads(rows: number, columns: number): number {
  if (rows < PARALLEL_MIN_ROWS) return 1;
  return Math.max(1, Math.min(availableParallelism(), columns));
}

/**
 * Column indices in `parts` groups of near-equal estimated cost (longest first onto the lightest
 * group), each group in column order. Group 0 is the calling thread's.
 */
export function balanceColumns(costs: number[], parts: number): number[][] {
  const groups: number[][] = Array.from({ length: Math.max(1, Math.min(parts, costs.length)) }, () => []);
  const loads = groups.map(() => 0);
  const order = costs.map((_, c) => c).sort((a, b) => costs[b] - costs[a] || a - b);
  for (const c of order) {
    let lightest = 0;
    for (let g = 1; g < groups.length; g++) if (loads[g] < loads[lightest]) lightest = g;
    groups[lightest].push(c);
    loads[lightest] += costs[c];
  }
  for (const g of groups) g.sort((a, b) => a - b);
  return groups.filter((g) => g.length > 0);
}

/**
 * The worker script `name` beside `base` (the caller's import.meta.url): `name.ts` next to the
 * TypeScript source, `name.js`/`name.mjs` next to a bundle, which gets the script as its own entry point.
 */
export function workerScript(name: string, base: string): URL {
  return new URL(`./${name}${extname(new URL(base).pathname)}`, base);
}

/**
 * Each column's estimated scan cost, from the spill's first batch: its bytes plus `cellCost`
 * bytes' worth of work per cell (what balanceColumns weighs).
 */
export async function columnCosts(dataset: SpilledDataset, cellCost: number, signal?: AbortSignal): Promise<number[]> {
  const costs = dataset.columns.map(() => 1);
  for await (const { batch } of dataset.batches(signal)) {
    for (let c = 0; c < dataset.columns.length; c++) {
      for (const cells of batchColumnCells(batch, c)) costs[c] += cells.offsets[cells.length] - cells.offsets[0] + cellCost * cells.length;
    }
    break;
  }
  return costs;
}
