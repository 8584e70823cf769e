/**
 * type-fixer: converts values written as text to the column's real type. Numbers lose thousands
 * separators and currency signs ("$1,234.50" → 1234.5), yes/no, y/n, true/false, on/off and 1/0
 * become true/false, dates in common formats become ISO 8601, cells are trimmed, and a value
 * that will not convert becomes null with a row-level issue. A column's type is the user's
 * target type or, when none is given, inferred in a first pass (≥ 95 % of its values convert).
 */
import { isAscii } from "node:buffer";
import type * as report from "@agensium/shared";
import type { CleanMyDataParameters, Issue, RecipeOperation } from "@agensium/shared";
import { worthFollowing } from "../../engine/column-threads.js";
import { type Agent, EngineError } from "../../engine/types.js";
import { Utf8ColumnBuffer } from "../../readers/utf8-batch-builder.js";
import { cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { newParsedCell } from "../../stats/value-parse.js";
import { canonicalIsoBytes, IsoBytes, toIsoDate } from "./dates.js";
import { DistinctMemo, isAsciiBytes, isAsciiSpace } from "./distinct-memo.js";
import { operation, RowIssueLog } from "./findings.js";
import { isIdentifierHeader } from "./identifier-columns.js";
import { NullMarkers } from "./null-markers.js";
import { plainDecimalShape, plainDecimalValue } from "./plain-numbers.js";
import { rewriteRows } from "./rewrite-rows.js";
import type { RowBatchBuilder } from "./row-batch.js";
import { TypeFollowing } from "./type-following.js";
import { inferTypes, type TargetType } from "./type-inference.js";
import { looseBooleanBytes, looseNumberText, numberText, parseLooseBoolean, parseLooseNumber } from "./value-conversions.js";

type Params = CleanMyDataParameters["type-fixer"];

export type TypeColumnReport = report.TypeColumnReport;

export type TypeFixerData = report.TypeFixerData;

const parsedText = newParsedCell();

/** Bytes up to which a plain decimal is finite whatever its digits: < 10^300 is far below the largest double. */
const SURELY_FINITE = 300;

/**
 * Whether convertValue would give a numeric column's cell back unchanged, decided from its bytes:
 * a plain decimal with no whitespace (for an integer column, without a point). Such a decimal
 * short enough to be finite needs no parse: a finite one without a point is an integer.
 */
function keepsPlainNumber(cells: Utf8Cells, i: number, type: TargetType): boolean {
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  const shape = plainDecimalShape(cells.values, start, end);
  if (shape === 0 || (type === "integer" && shape !== 1)) return false;
  if (end - start <= SURELY_FINITE) return true;
  const n = plainDecimalValue(cells.values, start, end, parsedText);
  return type === "integer" ? Number.isInteger(n) : !Number.isNaN(n);
}

/** Whether cell i is ASCII with (when trimming) no whitespace at either end: rewriting it would give the same bytes. */
function untouchedAscii(cells: Utf8Cells, i: number, trim: boolean): boolean {
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  if (trim && end > start && (isAsciiSpace(cells.values[start]) || isAsciiSpace(cells.values[end - 1]))) return false;
  return isAsciiBytes(cells.values, start, end);
}

/** What fromBytes did with a cell: nothing (it needs the text), copied it unchanged, or wrote it converted. */
const UNSETTLED = 0;
const KEPT = 1;
const CONVERTED = 2;

const TRUE_BYTES = Buffer.from("true", "latin1");
const FALSE_BYTES = Buffer.from("false", "latin1");
const isoDateTime = new Uint8Array(19);

function sameBytes(values: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (values[start + k] !== word[k]) return false;
  return true;
}

/**
 * The rewrite of a date, datetime or boolean column's cell when its bytes settle it: a canonical
 * ISO date (or date and time) or a true/false is copied, a date and time with a space gets its
 * T (a string built per cell of a timestamp column was most of this agent's time). It gives what
 * the text path gives: these shapes are ASCII with nothing to trim, a null marker among them is
 * copied there too, and only the date and time with a space must first be checked not to be one.
 */
function fromBytes(cells: Utf8Cells, i: number, type: TargetType, markers: NullMarkers, out: RowBatchBuilder, column: number): number {
  const values = cells.values;
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  if (type === "boolean") {
    if (!keepsBoolean(values, start, end)) return UNSETTLED;
    out.copy(column, cells, i);
    return KEPT;
  }
  const iso = canonicalIsoBytes(values, start, end);
  if (iso === IsoBytes.Date || (iso === IsoBytes.DateTime && values[start + 10] === 0x54)) {
    out.copy(column, cells, i);
    return KEPT;
  }
  if (iso !== IsoBytes.DateTime || markers.isNullCellExact(cells, i)) return UNSETTLED;
  for (let k = 0; k < 19; k++) isoDateTime[k] = values[start + k];
  isoDateTime[10] = 0x54;
  out.setBytes(column, isoDateTime, 0, 19);
  return CONVERTED;
}

/**
 * A date or datetime column's cells with a T for the space of each date and time written with
 * one, built a column at a time, when every present cell is a canonical ISO date or date and
 * time: what fromBytes gives cell by cell (a cell a null marker reads as null is left as it is,
 * as the text path leaves it); null when some cell needs the text path.
 */
function isoDateTimesWithT(cells: Utf8Cells, markers: NullMarkers): { cells: Utf8Cells; converted: number } | null {
  const { values, offsets, length } = cells;
  for (let i = 0; i < length; i++) {
    if (isNullCell(cells, i)) continue;
    const iso = canonicalIsoBytes(values, offsets[i], offsets[i + 1]);
    if (iso !== IsoBytes.Date && iso !== IsoBytes.DateTime) return null;
  }
  const built = new Utf8ColumnBuffer(length, offsets[length] - offsets[0]);
  built.pushRange(cells, 0, length);
  let converted = 0;
  for (let i = 0; i < length; i++) {
    const start = offsets[i];
    if (offsets[i + 1] - start !== 19 || values[start + 10] !== 0x20 || isNullCell(cells, i) || markers.isNullCellExact(cells, i)) continue;
    built.values[built.offsets[i] + 10] = 0x54;
    converted++;
  }
  return { cells: built.cells, converted };
}

/** A boolean column's cell already written true or false (fromBytes copies it). */
function keepsBoolean(values: Uint8Array, start: number, end: number): boolean {
  const word = looseBooleanBytes(values, start, end);
  return word !== undefined && word !== null && sameBytes(values, start, end, word ? TRUE_BYTES : FALSE_BYTES);
}

/** A date or datetime column's cell already a canonical ISO date, or date and time with its T (fromBytes copies it). */
function keepsIso(values: Uint8Array, start: number, end: number): boolean {
  const iso = canonicalIsoBytes(values, start, end);
  return iso === IsoBytes.Date || (iso === IsoBytes.DateTime && values[start + 10] === 0x54);
}

/**
 * How many of a batch's first rows the rewrite copies as they are in a column of this type:
 * every row when the whole column leaves unchanged (it then passes whole), else the rows before
 * the first cell the rewrite must read. Each test is the one the rewrite makes on that cell,
 * so the answer changes no output or count; a string column's bytes are first checked for ASCII
 * in one native scan.
 */
function untouchedRows(cells: Utf8Cells, type: TargetType, trim: boolean): number {
  const { values, offsets, length } = cells;
  if (type === "string") {
    const region = Buffer.from(values.buffer, values.byteOffset + offsets[0], offsets[length] - offsets[0]);
    if (isAscii(region)) {
      if (!trim) return length;
      for (let i = 0; i < length; i++) {
        const start = offsets[i];
        const end = offsets[i + 1];
        if (end > start && (isAsciiSpace(values[start]) || isAsciiSpace(values[end - 1])) && !isNullCell(cells, i)) return i;
      }
      return length;
    }
  }
  for (let i = 0; i < length; i++) {
    if (isNullCell(cells, i)) continue;
    const start = offsets[i];
    const end = offsets[i + 1];
    const kept =
      type === "string"
        ? untouchedAscii(cells, i, trim)
        : type === "integer" || type === "float"
          ? keepsPlainNumber(cells, i, type)
          : type === "boolean"
            ? keepsBoolean(values, start, end)
            : keepsIso(values, start, end);
    if (!kept) return i;
  }
  return length;
}

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
