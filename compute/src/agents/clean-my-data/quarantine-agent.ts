/**
 * quarantine-agent: moves structurally broken rows to quarantine.csv (uncapped, with the
 * original row number and the reasons) and passes the rest on. A row is broken when it had the
 * wrong number of fields, a value that cannot be read as its column's declared or inferred type,
 * no value at all, or breaks one of the user's rules.
 */
import type * as report from "@agensium/shared";
import type { Alert, CleanMyDataParameters } from "@agensium/shared";
import { SpilledDataset } from "../../engine/dataset.js";
import { type Agent, EngineError } from "../../engine/types.js";
import type { InferredType } from "../../stats/value-parse.js";
import { inferColumnTypes } from "./column-types.js";
import { datasetCsv } from "./csv-output.js";
import { DerivedDataset, DerivedDatasetWriter, rowNumberOf } from "./derived-dataset.js";
import { operation, percent, RowIssueLog } from "./findings.js";
import { isIdentifierHeader } from "./identifier-columns.js";
import {
  compileRules,
  nullMarkerSet,
  presentText,
  type ReasonKind,
  type RowReason,
  ruleViolation,
  typeViolation,
} from "./quarantine-rules.js";
import { cellValue, columnsOf, RowBatchBuilder } from "./row-batch.js";

type Params = CleanMyDataParameters["quarantine-agent"];

export type QuarantineData = report.QuarantineData;

export const REASON_COLUMN = "quarantine_reason";
export const ROW_COLUMN = "source_row";
/** quarantine.csv's last column: cells written with a formula-guard `'`, verbatim (see reports/csv-field.ts). */
export const ORIGINALS_COLUMN = "original_values";

/** Rows the reader reported with the wrong field count (exact positions for the ones it kept). */
function raggedRowsOf(dataset: unknown): { rows: Set<number>; count: number } {
  if (!(dataset instanceof SpilledDataset)) return { rows: new Set(), count: 0 };
  return { rows: new Set(dataset.raggedRows.samples.map((r) => r.row)), count: dataset.raggedRows.count };
}

export const quarantineAgent: Agent<Params, QuarantineData> = {
  id: "quarantine-agent",
  async run(ctx) {
    const { primary, parameters: p } = ctx;
    const columns = primary.columns;
    for (const name of Object.keys(p.declared_types)) {
      if (!columns.includes(name))
        throw new EngineError("PARAMETERS_INVALID", `quarantine-agent.declared_types: the file has no column "${name}"`);
    }
    const rules = compileRules(p.rules, columns);
    const markers = nullMarkerSet(p.null_markers);
    const inferred = await inferColumnTypes(primary, ctx.signal, markers);
    // An id or phone column that happens to look numeric must not quarantine its formatted values.
    const types = columns.map((name, c): InferredType => {
      const declared = p.declared_types[name];
      if (declared) return declared;
      return isIdentifierHeader(name) && (inferred[c] === "integer" || inferred[c] === "float") ? "string" : inferred[c];
    });
    const ragged = raggedRowsOf(primary);
    // A CSV reader pads a short row with nulls and never writes null otherwise, so a null there marks a short row.
    const nullMeansShort = (primary.format === "csv" || primary.format === "tsv") && !(primary instanceof DerivedDataset);

    const kept = await DerivedDatasetWriter.open(ctx.spillDir, "quarantine-kept", columns, primary);
    const quarantine = await DerivedDatasetWriter.open(ctx.spillDir, "quarantine-rows", [ROW_COLUMN, ...columns, REASON_COLUMN], primary);
    const log = new RowIssueLog();
    const byReason: Record<ReasonKind, number> = { ragged_row: 0, unparseable_value: 0, all_null_row: 0, rule_violation: 0 };
    let rowsIn = 0;
    let located = 0;
    try {
      for await (const data of primary.batches(ctx.signal)) {
        const { batch } = data;
        const cells = columnsOf(batch, columns.length);
        const keep = new RowBatchBuilder(columns, batch.numRows);
        const moved = new RowBatchBuilder(quarantine.columns, batch.numRows);
        for (let i = 0; i < batch.numRows; i++) {
          const row = rowNumberOf(data, i);
          const values = cells.map((col) => cellValue(col, i));
          const reasons: RowReason[] = [];
          const short = nullMeansShort && values.some((v) => v === null);
          if (ragged.rows.has(row) || short) {
            located++;
            reasons.push({ kind: "ragged_row", value: null, message: "the row has a different number of fields than the header" });
          }
          if (p.quarantine_all_null_rows && values.every((v) => presentText(v, markers) === "")) {
            reasons.push({ kind: "all_null_row", value: null, message: "every field of the row is empty" });
          } else {
            for (let c = 0; c < columns.length; c++) {
              const reason = typeViolation(columns[c], values[c], types[c], markers);
              if (reason) reasons.push(reason);
            }
            const unreadable = new Set(reasons.map((r) => r.field));
            for (const rule of rules) {
              // A value that cannot be read is reported once, not again by every rule on it.
              if (unreadable.has(rule.rule.field)) continue;
              const reason = ruleViolation(rule, values[rule.column], markers);
              if (reason) reasons.push(reason);
            }
          }
          if (reasons.length === 0) {
            keep.begin(row);
            for (let c = 0; c < columns.length; c++) keep.copy(c, cells[c], i);
            keep.end();
            continue;
          }
          moved.begin(row);
          moved.set(0, String(row));
          for (let c = 0; c < columns.length; c++) moved.copy(c + 1, cells[c], i);
          moved.set(columns.length + 1, reasons.map((r) => r.message).join("; "));
          moved.end();
          for (const kind of new Set(reasons.map((r) => r.kind))) byReason[kind]++;
          for (const reason of reasons) {
            log.add({
              row,
              field: reason.field,
              issue_type: reason.kind,
              value: reason.value,
              message: `Quarantined: ${reason.message}`,
              severity: reason.kind === "rule_violation" ? "medium" : "high",
            });
          }
        }
        if (keep.rows === batch.numRows) await kept.writeBatch(data);
        else if (keep.rows > 0) {
          const out = keep.finish();
          await kept.write(out.batch, out.rows);
        }
        if (moved.rows > 0) {
          const out = moved.finish();
          await quarantine.write(out.batch, out.rows);
        }
        rowsIn += batch.numRows;
        ctx.progress(rowsIn, "checking");
      }
    } catch (err) {
      await kept.discard();
      await quarantine.discard();
      throw err;
    }
    const next = await kept.finish();
    const quarantined = await quarantine.finish();
    const moved = quarantined.rowCount;
    const unlocated = Math.max(0, ragged.count - located);

    const alerts: Alert[] = [];
    if (moved > 0) {
      alerts.push({
        id: "quarantine-rows",
        severity: moved / Math.max(1, rowsIn) > 0.05 ? "high" : "medium",
        category: "validity",
        message: `${moved} of ${rowsIn} rows (${percent(moved, rowsIn)}) were moved to quarantine.csv`,
        metric: "quarantined_rows",
        value: moved,
      });
    }
    if (unlocated > 0) {
      alerts.push({
        id: "quarantine-unlocated-ragged",
        severity: "medium",
        category: "structure",
        message: `${unlocated} more rows had too many fields; the reader kept only the first positions, so they passed on with the extra fields dropped`,
        value: unlocated,
      });
    }
    if (log.truncated) {
      alerts.push({
        id: "quarantine-row-issues-capped",
        severity: "info",
        category: "report",
        message: `${log.total} row issues; the first ${log.kept.length} are listed, quarantine.csv holds every quarantined row`,
      });
    }
    const kinds = Object.entries(byReason).filter(([, n]) => n > 0) as [ReasonKind, number][];
    return {
      alerts,
      issues: kinds.map(([kind, count]) => ({
        id: `quarantine-${kind}`,
        type: kind,
        severity: kind === "rule_violation" ? "medium" : "high",
        count,
        description: `${count} rows quarantined for ${kind.replaceAll("_", " ")}`,
      })),
      recommendations:
        moved > 0
          ? [
              {
                id: "quarantine-review",
                priority: "high",
                action: "Review quarantine.csv, fix the rows at the source and load them again",
                rationale: `${moved} rows were held back from the cleaned file`,
              },
            ]
          : [],
      row_level_issues: log.kept,
      executive_summary: [
        {
          title: "Rows quarantined",
          value: moved,
          status: moved === 0 ? "good" : moved / Math.max(1, rowsIn) > 0.05 ? "critical" : "warning",
          description: `${percent(moved, rowsIn)} of ${rowsIn} rows`,
        },
      ],
      data: {
        rows_in: rowsIn,
        rows_out: next.rowCount,
        columns_out: columns,
        quarantined_rows: moved,
        by_reason: byReason,
        column_types: Object.fromEntries(columns.map((name, c) => [name, types[c]])),
        unlocated_ragged_rows: unlocated,
        operations: [
          operation("quarantine-agent", "quarantine_rows", moved, {
            column_types: Object.fromEntries(columns.map((name, c) => [name, types[c]])),
            rules: p.rules,
            quarantine_all_null_rows: p.quarantine_all_null_rows,
            ragged_rows: true,
          }),
        ],
      },
      files: [
        {
          fileName: "quarantine.csv",
          kind: "quarantine",
          contentType: "text/csv",
          chunks: () => datasetCsv(quarantined, ctx.signal, { originalsColumn: ORIGINALS_COLUMN }),
        },
      ],
      nextPrimary: next,
    };
  },
};
