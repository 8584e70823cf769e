import type * as report from "@agensium/shared";
import type { CleanMyDataParameters, Issue, RecipeOperation } from "@agensium/shared";
import { worthFollowing } from "../../engine/column-threads.js";
import { type Agent, EngineError } from "../../engine/types.js";
import { cellText, isNullCell } from "../../stats/utf8-column.js";
import { newParsedCell } from "../../stats/value-parse.js";
import { toIsoDate } from "./dates.js";
import { DistinctMemo } from "./distinct-memo.js";
import { operation, RowIssueLog } from "./findings.js";
import { isIdentifierHeader } from "./identifier-columns.js";
import { NullMarkers } from "./null-markers.js";
import { rewriteRows } from "./rewrite-rows.js";
import { CONVERTED, fromBytes, isoDateTimesWithT, keepsPlainNumber, UNSETTLED, untouchedAscii, untouchedRows } from "./type-fixer-bytes.js";
import { TypeFollowing } from "./type-following.js";
import { inferTypes, type TargetType } from "./type-inference.js";
import { looseNumberText, numberText, parseLooseBoolean, parseLooseNumber } from "./value-conversions.js";

type Params = CleanMyDataParameters["type-fixer"];

export type TypeColumnReport = report.TypeColumnReport;

export type TypeFixerData = report.TypeFixerData;

const _parsedText = newParsedCell();

function sameColumns(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((c, k) => c === b[k]);
}

/** The value in the target type's canonical text, or null when it does not convert. */
export function convertValue(text: string, type: TargetType, order: Params["date_order"]): string | null {
  switch (type) {
    // Digits are kept as written (90.90 stays 90.90, $6,748.80 becomes 6748.80): only the
    // separators, signs and currency that stop a program reading the number go.
    case "integer": {
      const n = parseLooseNumber(text);
      if (n === null || !Number.isInteger(n)) return null;
      const digits = looseNumberText(text)!;
      return /^-?\d+$/.test(digits) ? digits : numberText(n);
    }
    case "float":
      return looseNumberText(text);
    case "boolean": {
      const b = parseLooseBoolean(text);
      return b === null ? null : String(b);
    }
    case "date":
    case "datetime":
      return toIsoDate(text, order);
    case "string":
      return text;
  }
}

export const typeFixer: Agent<Params, TypeFixerData> = {
  id: "type-fixer",
  // The columns' types are inferred on another thread as the agent ahead writes its output.
  follow(input) {
    const { parameters: p, handoff, inputRows, signal } = input;
    if (!worthFollowing(input)) return undefined;
    const options = {
      typedColumns: Object.keys(p.target_types),
      nullMarkers: p.null_markers,
      dateOrder: p.date_order,
      rowBound: inputRows ?? -1,
    };
    return new TypeFollowing(handoff, options, signal);
  },
  async run(ctx) {
    const { primary, parameters: p } = ctx;
    const columns = primary.columns;
    for (const name of Object.keys(p.target_types)) {
      if (!columns.includes(name)) throw new EngineError("PARAMETERS_INVALID", `type-fixer.target_types: the file has no column "${name}"`);
    }
    const types: TargetType[] = columns.map((name) => p.target_types[name] ?? "string");
    const toInfer = columns.flatMap((name, c) => (p.target_types[name] === undefined ? [c] : []));
    const markers = new NullMarkers(p.null_markers);
    let rowsIn = 0;
    if (toInfer.length > 0) {
      const followed = ctx.followed instanceof TypeFollowing ? await ctx.followed.result(primary) : null;
      const scan =
        followed !== null && sameColumns(followed.columns, toInfer)
          ? followed
          : await inferTypes(primary, toInfer, markers, p.date_order, ctx.signal, (rows) => ctx.progress(Math.floor(rows / 2), "scanning"));
      rowsIn = scan.rowsRead;
      toInfer.forEach((c, k) => {
        const type = scan.types[k];
        // "+14155552671" or an id read as a number would lose its form; only dates and booleans apply there.
        types[c] = isIdentifierHeader(columns[c]) && (type === "integer" || type === "float") ? "string" : type;
      });
    }

    const converted = columns.map(() => 0);
    const failed = columns.map(() => 0);
    const trimmed = columns.map(() => 0);
    const log = new RowIssueLog();
    const conversions = columns.map(() => new DistinctMemo<string | null>());
    const convertTo = types.map((type) => (text: string) => convertValue(text.trim(), type, p.date_order));
    // Per batch and column, the rows copied as they are without a look (see untouchedRows).
    const untouched = new Int32Array(columns.length);
    const next = await rewriteRows({
      name: "type-fixer",
      source: primary,
      outColumns: columns,
      spillDir: ctx.spillDir,
      handoff: ctx.handoff,
      signal: ctx.signal,
      startBatch(cells, _rows, out) {
        for (let c = 0; c < columns.length; c++) {
          untouched[c] = untouchedRows(cells[c], types[c], p.trim);
          if (untouched[c] === cells[c].length) out.pass(c, cells[c]);
          else if (types[c] === "date" || types[c] === "datetime") {
            // A column of ISO dates and times, some with a space for a T, is given its Ts whole.
            const withT = isoDateTimesWithT(cells[c], markers);
            if (withT === null) continue;
            converted[c] += withT.converted;
            untouched[c] = cells[c].length;
            out.pass(c, withT.cells);
          }
        }
        // A row of a batch whose columns all pass has nothing to rewrite.
        return out.passesEveryColumn;
      },
      rewriteRow(cells, i, row, out) {
        out.begin(row, i);
        for (let c = 0; c < columns.length; c++) {
          const column = cells[c];
          // A missing cell stays missing: copied, so an otherwise untouched column still passes whole.
          if (i < untouched[c] || isNullCell(column, i)) {
            if (untouched[c] < column.length) out.copy(c, column, i);
            continue;
          }
          // A string column's ASCII cell with nothing to trim leaves as the bytes it came in as.
          if (types[c] === "string" && untouchedAscii(column, i, p.trim)) {
            out.copy(c, column, i);
            continue;
          }
          if ((types[c] === "integer" || types[c] === "float") && keepsPlainNumber(column, i, types[c])) {
            out.copy(c, column, i);
            continue;
          }
          if (types[c] === "date" || types[c] === "datetime" || types[c] === "boolean") {
            const settled = fromBytes(column, i, types[c], markers, out, c);
            if (settled !== UNSETTLED) {
              if (settled === CONVERTED) converted[c]++;
              continue;
            }
          }
          const raw = cellText(column, i);
          const text = p.trim ? raw.trim() : raw;
          if (text !== raw) trimmed[c]++;
          // A null marker is a null, not a value that failed to convert: it is left for null-handler.
          if (types[c] === "string" || markers.isNull(text)) {
            out.set(c, text);
            continue;
          }
          const value = conversions[c].get(text, convertTo[c]);
          if (value === null) {
            failed[c]++;
            log.add({
              row,
              field: columns[c],
              issue_type: "type_conversion_failed",
              value: raw,
              message: `${columns[c]} = "${raw}" cannot be read as ${types[c]}; set to null`,
              severity: "medium",
            });
          } else if (value !== text) converted[c]++;
          out.set(c, value);
        }
        out.end();
      },
      progress: (rowsDone) => ctx.progress(Math.floor(toInfer.length > 0 ? rowsIn / 2 + rowsDone / 2 : rowsDone), "writing"),
    });
    const reports: TypeColumnReport[] = columns.map((field, c) => ({
      field,
      type: types[c],
      inferred: p.target_types[field] === undefined,
      converted: converted[c],
      failed: failed[c],
      trimmed: trimmed[c],
    }));
    const operations: RecipeOperation[] = [];
    const totalTrimmed = trimmed.reduce((a, b) => a + b, 0);
    if (p.trim) operations.push(operation("type-fixer", "trim_whitespace", totalTrimmed, {}));
    for (const r of reports) {
      if (r.type !== "string")
        operations.push(
          operation(
            "type-fixer",
            `convert_to_${r.type}`,
            r.converted + r.failed,
            { type: r.type, date_order: p.date_order, failures: "null" },
            r.field,
          ),
        );
    }
    const issues: Issue[] = reports
      .filter((r) => r.failed > 0)
      .map((r) => ({
        id: `type-failed-${r.field}`,
        type: "type_conversion_failed",
        severity: "medium",
        field: r.field,
        count: r.failed,
        description: `${r.failed} values could not be read as ${r.type} and were set to null`,
      }));
    const totalConverted = converted.reduce((a, b) => a + b, 0);
    const totalFailed = failed.reduce((a, b) => a + b, 0);
    return {
      alerts: issues.map((i) => ({
        id: `alert-${i.id}`,
        severity: "medium" as const,
        category: "validity",
        field: i.field,
        message: i.description,
        value: i.count,
      })),
      issues,
      recommendations: issues.map((i) => ({
        id: `rec-${i.id}`,
        priority: "medium" as const,
        action: "Check the nulled values against the source; fix their format there",
        field: i.field,
        rationale: i.description,
      })),
      row_level_issues: log.kept,
      executive_summary: [
        { title: "Values converted", value: totalConverted, status: "good", description: "Values rewritten in their column's type" },
        {
          title: "Conversion failures",
          value: totalFailed,
          status: totalFailed === 0 ? "good" : "warning",
          description: "Values set to null because they would not convert",
        },
      ],
      data: {
        rows_in: next.rowCount,
        rows_out: next.rowCount,
        columns_out: columns,
        columns: reports,
        cells_converted: totalConverted,
        cells_failed: totalFailed,
        operations,
      },
      nextPrimary: next,
    };
  },
};
