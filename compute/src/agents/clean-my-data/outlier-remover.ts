/**
 * outlier-remover: finds numeric values beyond a column's fences (z-score 3, modified z-score
 * 3.5 or IQR 1.5 by default) and removes their rows, flags them in an added is_outlier column,
 * caps them at the fence (winsorising) or blanks them. Pass one gathers each column's
 * statistics; pass two applies the action.
 */
import type * as report from "@agensium/shared";
import type { CleanMyDataParameters, Issue, RecipeOperation } from "@agensium/shared";
import { type Agent, EngineError, scanBatches } from "../../engine/types.js";
import { Utf8ColumnBuffer } from "../../readers/utf8-batch-builder.js";
import { Moments } from "../../stats/moments.js";
import { QuantileSketch } from "../../stats/quantiles.js";
import { cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { newParsedCell } from "../../stats/value-parse.js";
import { rowNumberOf } from "./derived-dataset.js";
import { DistinctMemo } from "./distinct-memo.js";
import { operation, percent, RowIssueLog } from "./findings.js";
import { isIdentifierHeader } from "./identifier-columns.js";
import { NullMarkers } from "./null-markers.js";
import { type Bounds, methodFor, outlierBounds } from "./outlier-bounds.js";
import { plainDecimalCell } from "./plain-numbers.js";
import { rewriteRows } from "./rewrite-rows.js";
import { columnsOf } from "./row-batch.js";
import { notLooseNumberBytes, numberText, parseLooseNumber } from "./value-conversions.js";

type Params = CleanMyDataParameters["outlier-remover"];

export const FLAG_COLUMN = "is_outlier";
/** Beside the flag: which columns' values were outliers in the row (";"-separated). */
export const FLAG_COLUMNS_COLUMN = "outlier_columns";
/** Values kept exactly for quantiles, shared by the checked columns; beyond, the sketch (rank error well under 1 %). */
const EXACT_VALUES_BUDGET = 4_000_000;
const EXACT_VALUES_MIN = 20_000;
const NUMERIC_SHARE = 0.95;

export type OutlierColumnReport = report.OutlierColumnReport;

export type OutlierData = report.OutlierData;

const parsedCell = newParsedCell();
const TRUE_BYTES = Buffer.from("true", "latin1");
const FALSE_BYTES = Buffer.from("false", "latin1");

/**
 * parseLooseNumber of cell i's text: a plain decimal read from its bytes, a text that cannot be a
 * number told from its bytes, any other text through the memo.
 */
function cellNumber(cells: Utf8Cells, i: number, memo: DistinctMemo<number | null>): number | null {
  const plain = plainDecimalCell(cells, i, parsedCell);
  if (!Number.isNaN(plain)) return plain;
  if (notLooseNumberBytes(cells.values, cells.offsets[i], cells.offsets[i + 1])) return null;
  return memo.get(cellText(cells, i), parseLooseNumber);
}

function fenceText(x: number): string {
  return numberText(Number(x.toFixed(10)));
}

export const outlierRemover: Agent<Params, OutlierData> = {
  id: "outlier-remover",
  async run(ctx) {
    const { primary, parameters: p } = ctx;
    const columns = primary.columns;
    for (const name of p.columns ?? []) {
      if (!columns.includes(name)) throw new EngineError("PARAMETERS_INVALID", `outlier-remover.columns: the file has no column "${name}"`);
    }
    const candidates = p.columns
      ? p.columns.map((name) => columns.indexOf(name))
      : columns.flatMap((name, c) => (isIdentifierHeader(name) ? [] : [c]));

    // Pass 1: statistics of every candidate column's numbers.
    const moments = candidates.map(() => new Moments());
    const exactPerColumn = Math.max(EXACT_VALUES_MIN, Math.floor(EXACT_VALUES_BUDGET / Math.max(1, candidates.length)));
    const sketches = candidates.map(() => new QuantileSketch(exactPerColumn));
    // log_iqr takes the quantiles of the logarithms from the same sketch (QuantileSketch.logQuantile).
    const allPositive = candidates.map(() => true);
    const valued = candidates.map(() => 0);
    const markers = new NullMarkers(p.null_markers);
    let rowsIn = 0;
    const numbers = candidates.map(() => new DistinctMemo<number | null>());
    // Without named columns, a column with more non-numbers than 5 % of all rows cannot be
    // numeric (≥ 95 % of its values) whatever follows: its remaining cells are not read.
    const totalRows = (primary as { rowCount?: number }).rowCount;
    const nonNumeric = candidates.map(() => 0);
    const given = p.columns !== undefined;
    for await (const { batch } of scanBatches(primary, ctx.signal)) {
      const cells = columnsOf(batch, columns.length);
      candidates.forEach((c, k) => {
        if (!given && totalRows !== undefined && nonNumeric[k] > (1 - NUMERIC_SHARE) * totalRows) return;
        const memo = numbers[k];
        for (let i = 0; i < batch.numRows; i++) {
          if (markers.isNullCell(cells[c], i)) continue;
          valued[k]++;
          // parseLooseNumber gives finite numbers only.
          const n = cellNumber(cells[c], i, memo);
          if (n === null) {
            nonNumeric[k]++;
            continue;
          }
          moments[k].add(n);
          // z-scores need only the moments.
          if (p.method !== "zscore") sketches[k].add(n);
          if (n <= 0) allPositive[k] = false;
        }
      });
      rowsIn += batch.numRows;
      ctx.progress(Math.floor(rowsIn / 2), "scanning");
    }
    // Unless the user named the columns, only columns that are numeric (≥ 95 % of values) are checked.
    const methods = candidates.map((_, k) => methodFor(p, moments[k], allPositive[k]));
    const bounds: (Bounds | null)[] = candidates.map((_, k) =>
      p.columns || (valued[k] > 0 && moments[k].n >= NUMERIC_SHARE * valued[k])
        ? outlierBounds(p, methods[k], moments[k], sketches[k], allPositive[k])
        : null,
    );
    const checked = candidates.flatMap((c, k) => (bounds[k] ? [{ c, k, bounds: bounds[k] as Bounds }] : []));
    // A column whose every number lies within its fences has no outlier: pass 2 reads only the others.
    const scanned = checked.filter(({ k, bounds: b }) => moments[k].min < b.lower || moments[k].max > b.upper);
    const outColumns = p.action === "flag" ? [...columns, FLAG_COLUMN, FLAG_COLUMNS_COLUMN] : columns;

    // Pass 2: apply.
    const counts = candidates.map(() => 0);
    const log = new RowIssueLog();
    let rowsAffected = 0;
    // One map reused for every row: the row's replaced cells, in the order they were found. It is
    // cleared only when a row filled it: V8's Map.clear() allocates a fresh table even when the map
    // is empty, which on a million rows was a fifth of the chain's garbage.
    const replaced = new Map<number, string | null>();
    // Per batch, found a column at a time before the rows: which rows hold an outlier (only they
    // are looked at again, in row order, for the log) and which columns keep every cell. Removing
    // or flagging changes no cell, capping and blanking only a column's outliers: the other
    // columns pass into the output whole.
    let outlierRows = new Uint8Array(0);
    const hit = new Uint8Array(columns.length);
    const passes = new Uint8Array(columns.length);
    /** Counts and logs row i's outliers, in column order, and puts in `replaced` what each becomes. */
    const outlierCells = (cells: Utf8Cells[], i: number, row: number) => {
      if (replaced.size > 0) replaced.clear();
      for (const { c, k, bounds: b } of scanned) {
        if (isNullCell(cells[c], i)) continue;
        const n = cellNumber(cells[c], i, numbers[k]);
        if (n === null || (n >= b.lower && n <= b.upper)) continue;
        const v = cellText(cells[c], i);
        counts[k]++;
        const above = n > b.upper;
        const fence = above ? b.upper : b.lower;
        log.add({
          row,
          field: columns[c],
          issue_type: "outlier",
          value: v,
          message: `${columns[c]} = ${v} is ${above ? "above" : "below"} the ${methods[k]} fence ${fenceText(fence)}`,
          severity: "medium",
        });
        if (p.action === "cap") replaced.set(c, fenceText(fence));
        else if (p.action === "null") replaced.set(c, null);
        else replaced.set(c, v);
      }
    };
    const next = await rewriteRows({
      name: "outlier-remover",
      source: primary,
      outColumns: outColumns,
      spillDir: ctx.spillDir,
      handoff: ctx.handoff,
      signal: ctx.signal,
      startBatch(cells, rows, out, data) {
        if (outlierRows.length < rows) outlierRows = new Uint8Array(rows);
        else outlierRows.fill(0, 0, rows);
        hit.fill(0);
        let outliers = false;
        for (const { c, k, bounds: b } of scanned) {
          for (let i = 0; i < rows; i++) {
            if (isNullCell(cells[c], i)) continue;
            const n = cellNumber(cells[c], i, numbers[k]);
            if (n === null || (n >= b.lower && n <= b.upper)) continue;
            outlierRows[i] = 1;
            hit[c] = 1;
            outliers = true;
          }
        }
        const changesCells = p.action === "cap" || p.action === "null";
        for (let c = 0; c < columns.length; c++) {
          passes[c] = changesCells && hit[c] === 1 ? 0 : 1;
          if (passes[c] === 1) out.pass(c, cells[c]);
        }
        if (p.action === "flag") {
          // Flagging changes no cell: the batch's rows all stay, with the two flag columns built
          // here, the outlier rows' logged in row order as the rows would be.
          const flags = new Utf8ColumnBuffer(rows, rows * 5);
          const names = new Utf8ColumnBuffer(rows, 64);
          for (let i = 0; i < rows; i++) {
            if (outlierRows[i] === 0) {
              flags.pushBytes(FALSE_BYTES, 0, FALSE_BYTES.length);
              names.pushBytes(FALSE_BYTES, 0, 0);
              continue;
            }
            outlierCells(cells, i, rowNumberOf(data, i));
            rowsAffected++;
            flags.pushBytes(TRUE_BYTES, 0, TRUE_BYTES.length);
            names.pushString([...replaced.keys()].map((c) => columns[c]).join(";"));
          }
          out.pass(columns.length, flags.cells);
          out.pass(columns.length + 1, names.cells);
          return true;
        }
        // Without an outlier every row stays as it is.
        return !outliers && out.passesEveryColumn;
      },
      rewriteRow(cells, i, row, out) {
        if (outlierRows[i] === 0) {
          out.begin(row, i);
          for (let c = 0; c < columns.length; c++) if (passes[c] === 0) out.copy(c, cells[c], i);
          out.end();
          return;
        }
        outlierCells(cells, i, row);
        rowsAffected++;
        if (p.action === "remove") return;
        out.begin(row, i);
        // The row's cells of the columns that do not pass whole (capped or blanked ones); a flagged
        // batch has none (startBatch).
        for (let c = 0; c < columns.length; c++) {
          if (passes[c] === 1) continue;
          if (replaced.has(c)) out.set(c, replaced.get(c) ?? null);
          else out.copy(c, cells[c], i);
        }
        out.end();
      },
      progress: (rowsDone) => ctx.progress(Math.floor(rowsIn / 2 + rowsDone / 2), "writing"),
    });

    const reports: OutlierColumnReport[] = candidates.flatMap((c, k) =>
      bounds[k] || p.columns
        ? [
            {
              field: columns[c],
              method: methods[k],
              values: moments[k].n,
              lower: bounds[k]?.lower ?? null,
              upper: bounds[k]?.upper ?? null,
              center: bounds[k]?.center ?? null,
              spread: bounds[k]?.spread ?? null,
              outliers: counts[k],
            },
          ]
        : [],
    );
    const total = counts.reduce((a, b) => a + b, 0);
    const operations: RecipeOperation[] = reports
      .filter((r) => r.lower !== null)
      .map((r) =>
        operation(
          "outlier-remover",
          `${p.action}_outliers`,
          r.outliers,
          { method: r.method, action: p.action, lower: r.lower, upper: r.upper },
          r.field,
        ),
      );
    if (p.action === "flag")
      operations.push(
        operation("outlier-remover", "add_flag_column", rowsAffected, {
          column: FLAG_COLUMN,
          columns_column: FLAG_COLUMNS_COLUMN,
          method: p.method,
        }),
      );
    const issues: Issue[] = reports
      .filter((r) => r.outliers > 0)
      .map((r) => ({
        id: `outliers-${r.field}`,
        type: "outlier",
        severity: r.outliers / Math.max(1, r.values) > 0.05 ? "high" : "medium",
        field: r.field,
        count: r.outliers,
        description: `${r.outliers} values outside [${fenceText(r.lower as number)}, ${fenceText(r.upper as number)}] (${r.method})`,
      }));
    const verb = { remove: "removed", flag: "flagged", cap: "capped", null: "blanked" }[p.action];
    return {
      alerts: reports
        .filter((r) => r.lower === null)
        .map((r) => ({
          id: `outliers-skipped-${r.field}`,
          severity: "info" as const,
          category: "validity",
          field: r.field,
          message: `${r.field} has too few numbers or no spread, so no outliers could be defined`,
        })),
      issues,
      recommendations:
        total > 0 && p.action === "flag"
          ? [
              {
                id: "outliers-review",
                priority: "medium",
                action: `Review rows where ${FLAG_COLUMN} is true before removing or capping them`,
                rationale: `${total} values lie beyond the ${p.method} fences`,
              },
            ]
          : [],
      row_level_issues: log.kept,
      executive_summary: [
        {
          title: `Outliers ${verb}`,
          value: total,
          status: total === 0 ? "good" : "warning",
          description: `${rowsAffected} rows (${percent(rowsAffected, rowsIn)}) had a value beyond the ${p.method} fences`,
        },
      ],
      data: {
        rows_in: rowsIn,
        rows_out: next.rowCount,
        columns_out: outColumns,
        method: p.method,
        action: p.action,
        columns: reports,
        outlier_cells: total,
        rows_affected: rowsAffected,
        operations,
      },
      nextPrimary: next,
    };
  },
};
