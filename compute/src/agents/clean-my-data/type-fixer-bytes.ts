/**
 * type-fixer's byte paths: what its rewrite does with a cell, or a batch's column, told from the
 * bytes wherever the text path would give the same (plain numbers kept, ISO dates kept or given
 * their T, true/false kept, clean ASCII text kept), so most cells are never decoded.
 */
import { isAscii } from "node:buffer";
import { Utf8ColumnBuffer } from "../../readers/utf8-batch-builder.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { newParsedCell } from "../../stats/value-parse.js";
import { canonicalIsoBytes, IsoBytes } from "./dates.js";
import { isAsciiBytes, isAsciiSpace } from "./distinct-memo.js";
import type { NullMarkers } from "./null-markers.js";
import { plainDecimalShape, plainDecimalValue } from "./plain-numbers.js";
import type { RowBatchBuilder } from "./row-batch.js";
import type { TargetType } from "./type-inference.js";
import { looseBooleanBytes } from "./value-conversions.js";

const parsedText = newParsedCell();

/** Bytes up to which a plain decimal is finite whatever its digits: < 10^300 is far below the largest double. */
const SURELY_FINITE = 300;

/**
 * Whether convertValue would give a numeric column's cell back unchanged, decided from its bytes:
 * a plain decimal with no whitespace (for an integer column, without a point). Such a decimal
 * short enough to be finite needs no parse: a finite one without a point is an integer.
 */
export function keepsPlainNumber(cells: Utf8Cells, i: number, type: TargetType): boolean {
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  const shape = plainDecimalShape(cells.values, start, end);
  if (shape === 0 || (type === "integer" && shape !== 1)) return false;
  if (end - start <= SURELY_FINITE) return true;
  const n = plainDecimalValue(cells.values, start, end, parsedText);
  return type === "integer" ? Number.isInteger(n) : !Number.isNaN(n);
}

/** Whether cell i is ASCII with (when trimming) no whitespace at either end: rewriting it would give the same bytes. */
export function untouchedAscii(cells: Utf8Cells, i: number, trim: boolean): boolean {
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  if (trim && end > start && (isAsciiSpace(cells.values[start]) || isAsciiSpace(cells.values[end - 1]))) return false;
  return isAsciiBytes(cells.values, start, end);
}

/** What fromBytes did with a cell: nothing (it needs the text), copied it unchanged, or wrote it converted. */
export const UNSETTLED = 0;
const KEPT = 1;
export const CONVERTED = 2;

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
export function fromBytes(
  cells: Utf8Cells,
  i: number,
  type: TargetType,
  markers: NullMarkers,
  out: RowBatchBuilder,
  column: number,
): number {
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
export function isoDateTimesWithT(cells: Utf8Cells, markers: NullMarkers): { cells: Utf8Cells; converted: number } | null {
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
export function untouchedRows(cells: Utf8Cells, type: TargetType, trim: boolean): number {
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
