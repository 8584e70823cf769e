/**
 * quarantine-agent: moves structurally broken rows to quarantine.csv (uncapped, with the
 * original row number, the line of the file it starts on and the reasons) and passes the rest
 * on. A row is broken when it had the wrong number of fields, a value that cannot be read as its
 * column's declared or inferred type, no value at all, or breaks one of the user's rules.
 *
 * A record with the wrong number of fields never reaches the batches (the reader leaves it out
 * rather than guess which field is which); it comes from the reader's spill of such records and
 * is written with its column cells empty and its text verbatim in `raw_line`.
 */
import type * as report from "@agensium/shared";
import type { Alert, CleanMyDataParameters } from "@agensium/shared";
import { worthFollowing } from "../../engine/column-threads.js";
import { SpilledDataset } from "../../engine/dataset.js";
import type { RaggedRecord } from "../../engine/ragged-records.js";
import { type Agent, type DataBatch, EngineError, scanBatches } from "../../engine/types.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import type { InferredType } from "../../stats/value-parse.js";
import { ByteMemo } from "./byte-memo.js";
import { ColumnKindFollowing } from "./column-kind-following.js";
import { inferColumnTypes } from "./column-types.js";
import { datasetCsv } from "./csv-output.js";
import { DerivedDatasetWriter, knownRows, rowNumberOf } from "./derived-dataset.js";
import { operation, percent, RowIssueLog } from "./findings.js";
import { isIdentifierHeader } from "./identifier-columns.js";
import { NullMarkers } from "./null-markers.js";
import {
  compileRules,
  markUnreadCells,
  type ReasonKind,
  type RowReason,
  readsAsTypeFromBytes,
  ruleViolation,
  typeViolation,
} from "./quarantine-rules.js";
import { cellValue, columnsOf, keptRows, RowBatchBuilder } from "./row-batch.js";

type Params = CleanMyDataParameters["quarantine-agent"];

export type QuarantineData = report.QuarantineData;

export const REASON_COLUMN = "quarantine_reason";
export const ROW_COLUMN = "source_row";
/** The 1-based line of the input file where the row starts (CSV/TSV; the sheet row for XLSX ragged rows). */
export const LINE_COLUMN = "line_number";
/** A ragged record's text exactly as it was in the file (empty for rows whose cells could be read). */
export const RAW_COLUMN = "raw_line";
/** quarantine.csv's last column: cells written with a formula-guard `'`, verbatim (see reports/csv-field.ts). */
export const ORIGINALS_COLUMN = "original_values";

/** Text of ragged lines gathered in one quarantine batch before it is written. */
const RAGGED_BATCH_CHARS = 16 * 1024 * 1024;

/** The line a row of a batch starts on, when the reader knew it. */
function lineNumberOf(data: DataBatch, i: number): number | null {
  if (data.lines) return data.lines[i];
  return data.firstLine === undefined ? null : data.firstLine + i;
}

/** A name none of the input's columns has (line_number, line_number_2, …). */
function freeName(base: string, columns: string[]): string {
  let name = base;
  for (let k = 2; columns.includes(name); k++) name = `${base}_${k}`;
  return name;
}

/** Shared by every row that breaks nothing; never written to. */
const NO_REASONS: RowReason[] = [];

/** Whether every cell of row i is null to the markers (the row as presentText sees it: all empty). */
function allNull(cells: Utf8Cells[], i: number, markers: NullMarkers): boolean {
  for (const column of cells) if (!markers.isNullCellExact(column, i)) return false;
  return true;
}

export const quarantineAgent: Agent<Params, QuarantineData> = {
  id: "quarantine-agent",
  // The columns' types are counted on another thread as the input (or the agent ahead's output) is written.
  follow(input) {
    if (!worthFollowing(input)) return undefined;
    const options = { nullMarkers: input.parameters.null_markers, rowBound: input.inputRows ?? -1 };
    return new ColumnKindFollowing(input.handoff, options, input.signal);
  },
  async run(ctx) {
    const { primary, parameters: p } = ctx;
    const columns = primary.columns;
    for (const name of Object.keys(p.declared_types)) {
      if (!columns.includes(name))
        throw new EngineError("PARAMETERS_INVALID", `quarantine-agent.declared_types: the file has no column "${name}"`);
    }
    const rules = compileRules(p.rules, columns);
    const markers = new NullMarkers(p.null_markers);
    const followed = ctx.followed instanceof ColumnKindFollowing ? await ctx.followed.result(primary) : null;
    const scanned = followed === null || followed.width !== columns.length;
    // The progress bar's first half is the scan, when this agent makes it.
    const inferred = scanned
      ? await inferColumnTypes(primary, ctx.signal, markers, (rows) => ctx.progress(Math.floor(rows / 2), "scanning"))
      : followed.types;
    const rowsKnown = knownRows(primary);
    const checked = (rows: number) => (scanned && rowsKnown > 0 ? Math.floor(rowsKnown / 2 + rows / 2) : rows);
    // An id or phone column that happens to look numeric must not quarantine its formatted values.
    const types = columns.map((name, c): InferredType => {
      const declared = p.declared_types[name];
      if (declared) return declared;
      return isIdentifierHeader(name) && (inferred[c] === "integer" || inferred[c] === "float") ? "string" : inferred[c];
    });
    // The reader's left-out records, in file order, merged with the batches' rows by row number.
    const ragged = primary instanceof SpilledDataset ? primary.raggedRows.records()[Symbol.asyncIterator]() : null;
    let nextRagged: RaggedRecord | null = ragged ? ((await ragged.next()).value ?? null) : null;
    const width = columns.length + 3;
    const quarantineColumns = [freeName(ROW_COLUMN, columns), freeName(LINE_COLUMN, columns), ...columns, REASON_COLUMN];
    quarantineColumns.push(freeName(RAW_COLUMN, quarantineColumns));

    // A value's type check is decided once per distinct text; a null cell never breaks a type.
    const typedColumns = columns.flatMap((_, c) => (types[c] === "string" ? [] : [c]));
    // Looked up by the cell's bytes: a repeated value (dates, flags) is not decoded again.
    const typeChecks = columns.map(() => new ByteMemo<RowReason | null>());
    const typeCheckOf = columns.map((name, c) => (text: string) => typeViolation(name, text, types[c], markers));
    const values: (string | null | undefined)[] = columns.map(() => undefined);
    const kept = await DerivedDatasetWriter.open(ctx.spillDir, "quarantine-kept", columns, primary, ctx.handoff);
    const quarantine = await DerivedDatasetWriter.open(ctx.spillDir, "quarantine-rows", quarantineColumns, primary);
    const log = new RowIssueLog();
    const byReason: Record<ReasonKind, number> = { ragged_row: 0, unparseable_value: 0, all_null_row: 0, rule_violation: 0 };
    let rowsIn = 0;
    let withoutText = 0;
    /** Writes the ragged records that come before `row` (all of them when null) to quarantine. */
    const moveRagged = async (before: number | null) => {
      if (!nextRagged || (before !== null && nextRagged.row >= before)) return;
      let moved = new RowBatchBuilder(quarantine.columns, 1024);
      // Raw lines can be long (up to the reader's record bound): a batch is cut by their bytes too.
      let rawChars = 0;
      while (nextRagged && (before === null || nextRagged.row < before)) {
        const r: RaggedRecord = nextRagged;
        const message = `the line has ${r.fields} fields, the header has ${r.expected}`;
        moved.begin(r.row);
        moved.set(0, String(r.row));
        moved.set(1, String(r.line));
        for (let c = 0; c < columns.length; c++) moved.set(c + 2, null);
        moved.set(columns.length + 2, message);
        moved.set(width, r.raw);
        if (r.raw === null) withoutText++;
        else rawChars += r.raw.length;
        moved.end();
        byReason.ragged_row++;
        log.add({
          row: r.row,
          line_number: r.line,
          issue_type: "ragged_row",
          value: r.raw === null ? null : r.raw,
          message: `Quarantined: line ${r.line}: ${message}`,
          severity: "high",
        });
        nextRagged = ((await ragged?.next())?.value as RaggedRecord | undefined) ?? null;
        if (moved.rows === 1024 || rawChars >= RAGGED_BATCH_CHARS) {
          const out = moved.finish();
          await quarantine.write(out.batch, out.rows);
          moved = new RowBatchBuilder(quarantine.columns, 1024);
          rawChars = 0;
        }
      }
      if (moved.rows > 0) {
        const out = moved.finish();
        await quarantine.write(out.batch, out.rows);
      }
    };
    // Per batch, the rows with a typed cell to check as text (markUnreadCells).
    let unread = new Uint8Array(0);
    // The row being checked, read by `value`: one closure for the run, not one per row.
    let rowCells: Utf8Cells[] = [];
    let rowIndex = 0;
    /** Cells are decoded only when a rule reads them: a string column has no type to break. */
    const value = (c: number) => {
      let v = values[c];
      if (v === undefined) v = values[c] = cellValue(rowCells[c], rowIndex);
      return v;
    };
    /** Why row i of a batch goes to quarantine; NO_REASONS (shared, never filled) when it stays. */
    const reasonsOf = (cells: Utf8Cells[], i: number): RowReason[] => {
      // A cell is empty to presentText exactly when it is null to the markers, read from its bytes.
      if (p.quarantine_all_null_rows && allNull(cells, i, markers)) {
        return [{ kind: "all_null_row", value: null, message: "every field of the row is empty" }];
      }
      let reasons = NO_REASONS;
      for (const c of typedColumns) {
        const column = cells[c];
        if (isNullCell(column, i) || readsAsTypeFromBytes(column, i, types[c])) continue;
        const reason = typeChecks[c].get(column.values, column.offsets[i], column.offsets[i + 1], typeCheckOf[c]);
        if (reason) {
          if (reasons === NO_REASONS) reasons = [];
          reasons.push(reason);
        }
      }
      if (rules.length === 0) return reasons;
      const unreadable = new Set(reasons.map((r) => r.field));
      for (const rule of rules) {
        // A value that cannot be read is reported once, not again by every rule on it.
        if (unreadable.has(rule.rule.field)) continue;
        const reason = ruleViolation(rule, value(rule.column), markers);
        if (reason) {
          if (reasons === NO_REASONS) reasons = [];
          reasons.push(reason);
        }
      }
      return reasons;
    };
    try {
      for await (const data of scanBatches(primary, ctx.signal)) {
        const { batch } = data;
        await moveRagged(rowNumberOf(data, 0));
        const cells = columnsOf(batch, columns.length);
        // Rows that stay are copied only when the batch loses some: most batches pass whole.
        const stays = new Uint8Array(batch.numRows);
        let staying = 0;
        const moved = new RowBatchBuilder(quarantine.columns, batch.numRows);
        rowCells = cells;
        // Without rules, a row stays unless a typed cell is not settled from its bytes or every
        // cell is empty: those rows are found a column at a time, and only they are looked at.
        if (unread.length < batch.numRows) unread = new Uint8Array(batch.numRows);
        else unread.fill(0, 0, batch.numRows);
        if (rules.length === 0) for (const c of typedColumns) markUnreadCells(cells[c], batch.numRows, types[c], unread);
        for (let i = 0; i < batch.numRows; i++) {
          if (rules.length === 0 && unread[i] === 0 && !(p.quarantine_all_null_rows && allNull(cells, i, markers))) {
            stays[i] = 1;
            staying++;
            continue;
          }
          const row = rowNumberOf(data, i);
          rowIndex = i;
          if (rules.length > 0) values.fill(undefined);
          const reasons = reasonsOf(cells, i);
          if (reasons.length === 0) {
            stays[i] = 1;
            staying++;
            continue;
          }
          const line = lineNumberOf(data, i);
          moved.begin(row);
          moved.set(0, String(row));
          moved.set(1, line === null ? null : String(line));
          for (let c = 0; c < columns.length; c++) moved.copy(c + 2, cells[c], i);
          moved.set(columns.length + 2, reasons.map((r) => r.message).join("; "));
          moved.set(width, null);
          moved.end();
          for (const kind of new Set(reasons.map((r) => r.kind))) byReason[kind]++;
          for (const reason of reasons) {
            log.add({
              row,
              ...(line !== null ? { line_number: line } : {}),
              field: reason.field,
              issue_type: reason.kind,
              value: reason.value,
              message: `Quarantined: ${reason.message}`,
              severity: reason.kind === "rule_violation" ? "medium" : "high",
            });
          }
        }
        if (staying === batch.numRows) await kept.writeBatch(data);
        else if (staying > 0) {
          const out = keptRows(data, columns, cells, stays, staying);
          await kept.write(out.batch, out.rows);
        }
        if (moved.rows > 0) {
          const out = moved.finish();
          await quarantine.write(out.batch, out.rows);
        }
        rowsIn += batch.numRows;
        ctx.progress(checked(rowsIn), "checking");
      }
      await moveRagged(null);
    } catch (err) {
      await kept.discard();
      await quarantine.discard();
      throw err;
    }
    const next = await kept.finish();
    const quarantined = await quarantine.finish();
    const moved = quarantined.rowCount;
    // Ragged records are rows of the file too, though no batch carried them.
    rowsIn += byReason.ragged_row;

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
    if (withoutText > 0) {
      alerts.push({
        id: "quarantine-ragged-without-text",
        severity: "medium",
        category: "structure",
        message: `${withoutText} ragged lines are in quarantine.csv with their line number but without raw_line: the lines kept verbatim reached the size bound`,
        value: withoutText,
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
        ragged_rows_without_text: withoutText,
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
