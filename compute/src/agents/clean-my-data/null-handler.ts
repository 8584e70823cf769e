/**
 * null-handler: null markers ("", "NA", "N/A", "null", …) become real nulls; then each
 * column's strategy applies: drop the row, fill with the column's mean, median or mode, a given
 * value, the previous row's value, or leave. A column whose null share is above a threshold may
 * be dropped. Two passes when a fill or the drop threshold needs statistics of the normalised
 * values first, then the rewrite; otherwise the rewrite alone.
 */
import type * as report from "@agensium/shared";
import type { Alert, CleanMyDataParameters, Issue, RecipeOperation } from "@agensium/shared";
import { type Agent, EngineError, scanBatches } from "../../engine/types.js";
import { Utf8ColumnBuffer } from "../../readers/utf8-batch-builder.js";
import { hashBytes } from "../../stats/hash.js";
import { Moments } from "../../stats/moments.js";
import { QuantileSketch } from "../../stats/quantiles.js";
import { cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { ValueCounter } from "../../stats/value-counter.js";
import { operation, percent, RowIssueLog } from "./findings.js";
import { NullMarkers } from "./null-markers.js";
import { rewriteRows } from "./rewrite-rows.js";
import { columnsOf } from "./row-batch.js";
import { numberText, parseLooseNumber } from "./value-conversions.js";

type Params = CleanMyDataParameters["null-handler"];
type Strategy = Params["default_strategy"];

/** Values kept for exact medians, shared by the fill_median columns; beyond, the quantile sketch. */
const EXACT_MEDIAN_BUDGET = 4_000_000;
const EXACT_MEDIAN_MIN = 20_000;
const EXACT_MODE_VALUES = 100_000;

export type NullColumnReport = report.NullColumnReport;

export type NullHandlerData = report.NullHandlerData;

interface ColumnStats {
  nulls: number;
  moments: Moments;
  median: QuantileSketch;
  mode: ValueCounter;
}

/** Missing cells of a batch's column. */
function nullCount(cells: Utf8Cells): number {
  if (cells.validity === null) return 0;
  let n = 0;
  for (let i = 0; i < cells.length; i++) if (isNullCell(cells, i)) n++;
  return n;
}

const encoder = new TextEncoder();

/**
 * A batch's column with its missing cells (nulls, blank text, markers) null, or set to `fill`
 * when there is one: the present cells are copied in runs between the missing ones, the same
 * cells the row-by-row rewrite gives (a missing cell left missing is null either way).
 * `missing` is called with each missing cell's row.
 */
function filledColumn(
  cells: Utf8Cells,
  isMissing: (cells: Utf8Cells, i: number) => boolean,
  fill: Uint8Array | null,
  missing: (i: number) => void,
): Utf8Cells {
  const built = new Utf8ColumnBuffer(cells.length, cells.offsets[cells.length] - cells.offsets[0] + 64);
  let run = 0;
  for (let i = 0; i < cells.length; i++) {
    if (!isMissing(cells, i)) continue;
    built.pushRange(cells, run, i);
    if (fill === null) built.pushNull();
    else built.pushBytes(fill, 0, fill.length);
    missing(i);
    run = i + 1;
  }
  built.pushRange(cells, run, cells.length);
  return built.cells;
}

function rounded(x: number): string {
  return numberText(Number(x.toFixed(10)));
}

export const nullHandler: Agent<Params, NullHandlerData> = {
  id: "null-handler",
  async run(ctx) {
    const { primary, parameters: p } = ctx;
    const columns = primary.columns;
    for (const name of [...Object.keys(p.strategies), ...Object.keys(p.fill_values)]) {
      if (!columns.includes(name)) throw new EngineError("PARAMETERS_INVALID", `null-handler: the file has no column "${name}"`);
    }
    const strategies = columns.map((name): Strategy => p.strategies[name] ?? p.default_strategy);
    strategies.forEach((s, c) => {
      if (s === "fill_value" && p.fill_values[columns[c]] === undefined) {
        throw new EngineError("PARAMETERS_INVALID", `null-handler: fill_value for "${columns[c]}" needs fill_values.${columns[c]}`);
      }
    });
    const nullMarkers = new NullMarkers(p.null_markers);
    /** The same test as nullMarkers.isNull on the cell's text, read from its bytes. */
    const isMissing = (cells: Utf8Cells, i: number) => nullMarkers.isNullCellExact(cells, i);

    // Rows a drop_row column will remove do not count towards the fill statistics (as pandas dropna, then fillna).
    const dropRowStrategy = columns.flatMap((_, c) => (strategies[c] === "drop_row" ? [c] : []));

    const medianColumns = strategies.filter((s) => s === "fill_median").length;
    const exactMedianValues = Math.max(EXACT_MEDIAN_MIN, Math.floor(EXACT_MEDIAN_BUDGET / Math.max(1, medianColumns)));

    // Pass 1 is needed only for what the rewrite depends on: fill statistics and the null shares
    // a column is dropped by. Without them (the default, every column left as it is) the rewrite
    // counts the nulls itself and the rows are read once. No share is above 1 (the default
    // threshold), so that threshold drops nothing and needs no pass.
    const dropsColumns = p.drop_column_above !== undefined && p.drop_column_above < 1;
    const statisticsFirst = dropsColumns || strategies.some((s) => s === "fill_mean" || s === "fill_median" || s === "fill_mode");

    // Pass 1: nulls per column and the statistics the fills need.
    const stats: ColumnStats[] = columns.map(() => ({
      nulls: 0,
      moments: new Moments(),
      median: new QuantileSketch(exactMedianValues),
      mode: new ValueCounter(EXACT_MODE_VALUES),
    }));
    let rowsIn = 0;
    let markersSeen = 0;
    if (statisticsFirst) {
      for await (const { batch } of scanBatches(primary, ctx.signal)) {
        const cells = columnsOf(batch, columns.length);
        const willDrop = new Uint8Array(batch.numRows);
        for (const c of dropRowStrategy) for (let i = 0; i < batch.numRows; i++) if (isMissing(cells[c], i)) willDrop[i] = 1;
        for (let c = 0; c < columns.length; c++) {
          const s = stats[c];
          const strategy = strategies[c];
          for (let i = 0; i < batch.numRows; i++) {
            if (isMissing(cells[c], i)) {
              s.nulls++;
              if (!isNullCell(cells[c], i)) markersSeen++;
              continue;
            }
            if (willDrop[i]) continue;
            if (strategy === "fill_mean" || strategy === "fill_median") {
              const n = parseLooseNumber(cellText(cells[c], i));
              if (n !== null) {
                if (strategy === "fill_mean") s.moments.add(n);
                else s.median.add(n);
              }
            } else if (strategy === "fill_mode") {
              const { values, offsets } = cells[c];
              s.mode.add(hashBytes(values, offsets[i], offsets[i + 1]), values, offsets[i], offsets[i + 1]);
            }
          }
        }
        rowsIn += batch.numRows;
        ctx.progress(Math.floor(rowsIn / 2), "scanning");
      }
    }

    const dropped = columns.map((_, c) => dropsColumns && rowsIn > 0 && stats[c].nulls / rowsIn > (p.drop_column_above as number));
    const fillValues = columns.map((name, c): string | null => {
      const s = stats[c];
      switch (strategies[c]) {
        case "fill_mean":
          return s.moments.n > 0 ? rounded(s.moments.mean) : null;
        case "fill_median":
          return s.median.count > 0 ? rounded(s.median.quantile(0.5)) : null;
        case "fill_mode":
          return s.mode.top(1)[0]?.value ?? null;
        case "fill_value":
          return String(p.fill_values[name]);
        default:
          return null;
      }
    });
    const outColumns = columns.filter((_, c) => !dropped[c]);
    const dropRowColumns = dropRowStrategy.filter((c) => !dropped[c]);

    // Pass 2: rewrite.
    /** A missing cell, counted in the rewrite when there was no pass 1. */
    const countNull = (cells: Utf8Cells, i: number, c: number) => {
      stats[c].nulls++;
      if (!isNullCell(cells, i)) markersSeen++;
    };
    const filled = columns.map(() => 0);
    const rowsDroppedBy = columns.map(() => 0);
    const lastSeen: (string | null)[] = columns.map(() => null);
    const log = new RowIssueLog();
    // Each kept column's place in the output.
    let kept = 0;
    const targetOf = columns.map((_, c) => (dropped[c] ? -1 : kept++));
    // Per batch, the columns that keep every cell as it is: no marker or blank text to make null,
    // and no null to fill (a drop_row column keeps every cell of the rows that stay). They pass
    // into the output whole, their nulls counted here rather than row by row. When no row can be
    // dropped, a column with cells to make null or fill (but a forward fill, which carries a value
    // from row to row) is rebuilt a column at a time and passed too; a batch whose columns all
    // pass then takes no call per row.
    const passes = new Uint8Array(columns.length);
    const fillBytes = fillValues.map((fill) => (fill === null ? null : encoder.encode(fill)));
    const next = await rewriteRows({
      name: "null-handler",
      source: primary,
      outColumns: outColumns,
      spillDir: ctx.spillDir,
      handoff: ctx.handoff,
      signal: ctx.signal,
      startBatch(cells, rows, out) {
        for (let c = 0; c < columns.length; c++) {
          passes[c] = 0;
          if (dropped[c] || strategies[c] === "forward_fill") continue;
          if (!nullMarkers.hasMarkerCell(cells[c])) {
            const nulls = nullCount(cells[c]);
            if (nulls === 0 || fillValues[c] === null) {
              passes[c] = 1;
              out.pass(targetOf[c], cells[c]);
              if (!statisticsFirst) stats[c].nulls += nulls;
              continue;
            }
          }
          if (dropRowColumns.length > 0) continue;
          passes[c] = 1;
          out.pass(
            targetOf[c],
            filledColumn(cells[c], isMissing, fillBytes[c], (i) => {
              if (!statisticsFirst) countNull(cells[c], i, c);
              if (fillBytes[c] !== null) filled[c]++;
            }),
          );
        }
        if (!out.passesEveryColumn || dropRowColumns.length > 0) return false;
        if (!statisticsFirst) rowsIn += rows;
        return true;
      },
      rewriteRow(cells, i, row, out) {
        if (!statisticsFirst) rowsIn++;
        let missingKey = -1;
        for (const c of dropRowColumns) {
          if (isMissing(cells[c], i)) {
            missingKey = c;
            break;
          }
        }
        if (missingKey >= 0) {
          // A dropped row's nulls count too, as pass 1 counts them.
          if (!statisticsFirst)
            for (let c = 0; c < columns.length; c++) if (passes[c] === 0 && isMissing(cells[c], i)) countNull(cells[c], i, c);
          rowsDroppedBy[missingKey]++;
          log.add({
            row,
            field: columns[missingKey],
            issue_type: "row_dropped_null",
            value: null,
            message: `Row dropped: ${columns[missingKey]} is empty`,
            severity: "low",
          });
          return;
        }
        out.begin(row, i);
        for (let c = 0; c < columns.length; c++) {
          if (dropped[c] || passes[c] === 1) continue;
          const target = targetOf[c];
          const column = cells[c];
          if (!isMissing(column, i)) {
            out.copy(target, column, i);
            // Only a forward fill needs the text.
            if (strategies[c] === "forward_fill") lastSeen[c] = cellText(column, i);
          } else {
            if (!statisticsFirst) countNull(column, i, c);
            const fill = strategies[c] === "forward_fill" ? lastSeen[c] : fillValues[c];
            // A missing cell left missing is copied as it is: a column that keeps every cell
            // passes into the output batch whole (see RowBatchBuilder).
            if (fill === null && isNullCell(column, i)) out.copy(target, column, i);
            else out.set(target, fill);
            if (fill !== null) filled[c]++;
          }
        }
        out.end();
      },
      progress: (rowsDone) => ctx.progress(Math.floor(rowsIn / 2 + rowsDone / 2), "writing"),
    });
    const rowsDropped = rowsIn - next.rowCount;

    const reports: NullColumnReport[] = columns.map((field, c) => ({
      field,
      nulls_before: stats[c].nulls,
      null_share: rowsIn > 0 ? stats[c].nulls / rowsIn : 0,
      strategy: strategies[c],
      fill_value: strategies[c] === "forward_fill" ? null : fillValues[c],
      cells_filled: filled[c],
      dropped: dropped[c],
    }));
    const operations: RecipeOperation[] = [
      operation("null-handler", "normalise_null_markers", markersSeen, { null_markers: p.null_markers }),
    ];
    const alerts: Alert[] = [];
    const issues: Issue[] = [];
    for (const r of reports) {
      if (r.dropped) operations.push(operation("null-handler", "drop_column", 1, { null_share_above: p.drop_column_above }, r.field));
      else if (r.strategy === "drop_row") {
        operations.push(operation("null-handler", "drop_rows_with_null", rowsDroppedBy[columns.indexOf(r.field)], {}, r.field));
      } else if (r.strategy !== "leave") {
        operations.push(operation("null-handler", r.strategy, r.cells_filled, { strategy: r.strategy, value: r.fill_value }, r.field));
      }
      if (r.nulls_before > 0) {
        issues.push({
          id: `nulls-${r.field}`,
          type: "missing_values",
          severity: r.null_share > 0.2 ? "high" : "medium",
          field: r.field,
          count: r.nulls_before,
          description: `${r.nulls_before} empty values (${percent(r.nulls_before, rowsIn)})`,
        });
      }
      const unfilled = r.nulls_before - r.cells_filled;
      if (!r.dropped && r.strategy !== "leave" && r.strategy !== "drop_row" && unfilled > 0) {
        alerts.push({
          id: `nulls-unfilled-${r.field}`,
          severity: "low",
          category: "completeness",
          field: r.field,
          message:
            r.fill_value === null && r.strategy !== "forward_fill"
              ? `${r.field}: ${r.strategy} found no value to fill with, ${unfilled} nulls remain`
              : `${r.field}: ${unfilled} nulls had no earlier value to carry forward`,
        });
      }
    }
    const nullsAfter = reports.reduce((n, r) => n + (r.dropped ? 0 : r.nulls_before - r.cells_filled), 0);
    return {
      alerts,
      issues,
      recommendations: reports
        .filter((r) => r.strategy === "leave" && r.null_share > 0.5)
        .map((r) => ({
          id: `nulls-rec-${r.field}`,
          priority: "medium" as const,
          action: "Drop the column or fill it from another source",
          field: r.field,
          rationale: `${percent(r.nulls_before, rowsIn)} of its values are empty`,
        })),
      row_level_issues: log.kept,
      executive_summary: [
        {
          title: "Cells filled",
          value: filled.reduce((a, b) => a + b, 0),
          status: "good",
          description: `Nulls filled by the chosen strategies`,
        },
        {
          title: "Rows dropped",
          value: rowsDropped,
          status: rowsDropped / Math.max(1, rowsIn) > 0.1 ? "warning" : "good",
          description: `${percent(rowsDropped, rowsIn)} of ${rowsIn} rows`,
        },
        {
          title: "Nulls left",
          value: Math.max(0, nullsAfter),
          status: nullsAfter === 0 ? "good" : "warning",
          description: "Empty cells still in the output (strategy leave, or nothing to fill with)",
        },
      ],
      data: {
        rows_in: rowsIn,
        rows_out: next.rowCount,
        columns_out: outColumns,
        null_markers_normalised: markersSeen,
        rows_dropped: rowsDropped,
        columns_dropped: columns.filter((_, c) => dropped[c]),
        columns: reports,
        operations,
      },
      nextPrimary: next,
    };
  },
};
