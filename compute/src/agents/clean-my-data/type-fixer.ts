/**
 * type-fixer: converts values written as text to the column's real type. Numbers lose thousands
 * separators and currency signs ("$1,234.50" → 1234.5), yes/no, y/n, true/false, on/off and 1/0
 * become true/false, dates in common formats become ISO 8601, cells are trimmed, and a value
 * that will not convert becomes null with a row-level issue. A column's type is the user's
 * target type or, when none is given, inferred in a first pass (≥ 95 % of its values convert).
 */
import type * as report from "@agensium/shared";
import type { CleanMyDataParameters, Issue, RecipeOperation } from "@agensium/shared";
import { type Agent, EngineError } from "../../engine/types.js";
import { cellText, isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { classifyTextInto, newParsedCell } from "../../stats/value-parse.js";
import { canonicalIso, toIsoDate } from "./dates.js";
import { DistinctMemo, isAsciiBytes, isAsciiSpace } from "./distinct-memo.js";
import { operation, RowIssueLog } from "./findings.js";
import { isIdentifierHeader, tooManyDigits } from "./identifier-columns.js";
import { NullMarkers } from "./null-markers.js";
import { plainDecimalShape, plainDecimalValue, tooManyDigitsBytes } from "./plain-numbers.js";
import { rewriteRows } from "./rewrite-rows.js";
import { cellValue, columnsOf } from "./row-batch.js";
import { looseNumberText, numberText, parseLooseBoolean, parseLooseNumber } from "./value-conversions.js";

type Params = CleanMyDataParameters["type-fixer"];
type TargetType = Params["target_types"][string];

const CONVERTIBLE_SHARE = 0.95;

const READ_NUMBER = 1;
const READ_INTEGER = 2;
const READ_LEADING_ZERO = 4;
const READ_LONG_DIGITS = 8;
const READ_BOOLEAN = 16;
const READ_BOOLEAN_WORD = 32;
const READ_DATE = 64;
const READ_DATETIME = 128;

export type TypeColumnReport = report.TypeColumnReport;

export type TypeFixerData = report.TypeFixerData;

interface Tally {
  valued: number;
  numbers: number;
  integers: number;
  booleans: number;
  booleanWords: number;
  dates: number;
  datetimes: number;
  leadingZero: boolean;
  longDigits: boolean;
}

function infer(t: Tally): TargetType {
  if (t.valued === 0) return "string";
  const enough = (n: number) => n >= CONVERTIBLE_SHARE * t.valued;
  // Words like yes/no decide for boolean; a column of only 0 and 1 stays numeric.
  if (t.booleanWords > 0 && enough(t.booleans)) return "boolean";
  if (enough(t.numbers) && !t.leadingZero && !t.longDigits) return t.integers === t.numbers ? "integer" : "float";
  if (enough(t.dates)) return t.datetimes > 0 ? "datetime" : "date";
  return "string";
}

const parsedText = newParsedCell();

/** What one trimmed, non-null text can be read as, as READ_* flags (decided once per distinct text). */
function readingOf(text: string, order: Params["date_order"]): number {
  // Every number and every date is written with a digit: a text without one can only be a boolean word.
  if (!/\d/.test(text)) return parseLooseBoolean(text) === null ? 0 : READ_BOOLEAN | READ_BOOLEAN_WORD;
  // YYYY-MM-DD[ HH:MM:SS] is neither a number (the dash after the year) nor a boolean: only its date counts.
  const iso = canonicalIso(text);
  if (iso !== undefined) return iso === null ? 0 : iso.includes("T") ? READ_DATE | READ_DATETIME : READ_DATE;
  let flags = 0;
  const n = parseLooseNumber(text);
  if (n !== null) {
    flags |= READ_NUMBER;
    if (Number.isInteger(n)) flags |= READ_INTEGER;
    classifyTextInto(text, parsedText);
    if (parsedText.leadingZero) flags |= READ_LEADING_ZERO;
    if (tooManyDigits(text)) flags |= READ_LONG_DIGITS;
  }
  if (parseLooseBoolean(text) !== null) {
    flags |= READ_BOOLEAN;
    if (n === null) flags |= READ_BOOLEAN_WORD;
  }
  const date = n === null ? toIsoDate(text, order) : null;
  if (date !== null) {
    flags |= READ_DATE;
    if (date.includes("T")) flags |= READ_DATETIME;
  }
  return flags;
}

/**
 * readingOf for a cell whose trimmed bytes are a plain decimal, read from the bytes (no string, no
 * memo lookup: these are the columns of unique values); -1 for any other cell.
 */
function plainNumberReading(cells: Utf8Cells, i: number): number {
  const values = cells.values;
  let start = cells.offsets[i];
  let end = cells.offsets[i + 1];
  while (start < end && isAsciiSpace(values[start])) start++;
  while (end > start && isAsciiSpace(values[end - 1])) end--;
  if (plainDecimalShape(values, start, end) === 0) return -1;
  const n = plainDecimalValue(values, start, end, parsedText);
  if (Number.isNaN(n)) return -1;
  let flags = READ_NUMBER;
  if (Number.isInteger(n)) flags |= READ_INTEGER;
  if (parsedText.leadingZero) flags |= READ_LEADING_ZERO;
  if (tooManyDigitsBytes(values, start, end)) flags |= READ_LONG_DIGITS;
  // "1" and "0" are the only plain decimals parseLooseBoolean reads.
  if (end - start === 1 && (values[start] === 0x30 || values[start] === 0x31)) flags |= READ_BOOLEAN;
  return flags;
}

/**
 * Whether convertValue would give a numeric column's cell back unchanged, decided from its bytes:
 * a plain decimal with no whitespace (for an integer column, without a point).
 */
function keepsPlainNumber(cells: Utf8Cells, i: number, type: TargetType): boolean {
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  const shape = plainDecimalShape(cells.values, start, end);
  if (shape === 0 || (type === "integer" && shape !== 1)) return false;
  const n = plainDecimalValue(cells.values, start, end, parsedText);
  return type === "integer" ? Number.isInteger(n) : !Number.isNaN(n);
}

function addReading(t: Tally, flags: number): void {
  if (flags & READ_NUMBER) t.numbers++;
  if (flags & READ_INTEGER) t.integers++;
  if (flags & READ_LEADING_ZERO) t.leadingZero = true;
  if (flags & READ_LONG_DIGITS) t.longDigits = true;
  if (flags & READ_BOOLEAN) t.booleans++;
  if (flags & READ_BOOLEAN_WORD) t.booleanWords++;
  if (flags & READ_DATE) t.dates++;
  if (flags & READ_DATETIME) t.datetimes++;
}

/** Whether cell i is ASCII with (when trimming) no whitespace at either end: rewriting it would give the same bytes. */
function untouchedAscii(cells: Utf8Cells, i: number, trim: boolean): boolean {
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  if (trim && end > start && (isAsciiSpace(cells.values[start]) || isAsciiSpace(cells.values[end - 1]))) return false;
  return isAsciiBytes(cells.values, start, end);
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
      const tallies: Tally[] = toInfer.map(() => ({
        valued: 0,
        numbers: 0,
        integers: 0,
        booleans: 0,
        booleanWords: 0,
        dates: 0,
        datetimes: 0,
        leadingZero: false,
        longDigits: false,
      }));
      const readings = toInfer.map(() => new DistinctMemo<number>());
      const readAs = (text: string) => readingOf(text, p.date_order);
      for await (const { batch } of primary.batches(ctx.signal)) {
        const cells = columnsOf(batch, columns.length);
        toInfer.forEach((c, k) => {
          const t = tallies[k];
          const memo = readings[k];
          for (let i = 0; i < batch.numRows; i++) {
            if (markers.isNullCell(cells[c], i)) continue;
            t.valued++;
            const plain = plainNumberReading(cells[c], i);
            addReading(t, plain >= 0 ? plain : memo.get((cellValue(cells[c], i) as string).trim(), readAs));
          }
        });
        rowsIn += batch.numRows;
        ctx.progress(Math.floor(rowsIn / 2), "scanning");
      }
      toInfer.forEach((c, k) => {
        const type = infer(tallies[k]);
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
    const next = await rewriteRows({
      name: "type-fixer",
      source: primary,
      outColumns: columns,
      spillDir: ctx.spillDir,
      signal: ctx.signal,
      rewriteRow(cells, i, row, out) {
        out.begin(row);
        for (let c = 0; c < columns.length; c++) {
          const column = cells[c];
          if (isNullCell(column, i)) {
            out.set(c, null);
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
