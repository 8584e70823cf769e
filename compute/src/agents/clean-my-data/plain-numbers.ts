/**
 * Cells written as plain decimals (-12, 0042, 2854.63): the most common cells of a numeric column,
 * and the ones whose reading needs no decoding, no regular expression and no memo lookup. Their
 * loose-number reading (value-conversions.ts) is the engine's own reading of the same bytes,
 * so deciding them from the bytes gives what the text path gives.
 */
import type { Utf8Cells } from "../../stats/utf8-column.js";
import { CellKind, classifyCell, DateOrder, type ParsedCell, POW10 } from "../../stats/value-parse.js";
import { isAsciiSpace } from "./distinct-memo.js";

const MINUS = 0x2d;
const POINT = 0x2e;

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/** 0 when values[s, e) is not an optional minus, digits and optionally a point and digits; else 1 (no point) or 2. */
export function plainDecimalShape(values: Uint8Array, s: number, e: number): 0 | 1 | 2 {
  let k = s;
  if (k < e && values[k] === MINUS) k++;
  const intStart = k;
  while (k < e && isDigit(values[k])) k++;
  if (k === intStart) return 0;
  if (k === e) return 1;
  if (values[k] !== POINT) return 0;
  const fractionStart = ++k;
  while (k < e && isDigit(values[k])) k++;
  return k === e && k > fractionStart ? 2 : 0;
}

/**
 * The value of plain-decimal bytes, classified as classifyText would classify their text (the
 * shape keeps the parser off any branch that looks past the end); NaN when not finite.
 */
export function plainDecimalValue(values: Uint8Array, s: number, e: number, out: ParsedCell): number {
  const kind = classifyCell(values, s, e, out);
  if (kind !== CellKind.Integer && kind !== CellKind.Float) return Number.NaN;
  return Number.isFinite(out.value) ? out.value : Number.NaN;
}

/**
 * plainDecimalValue of values[s, e) when they are a plain decimal (plainDecimalShape ≠ 0), else
 * NaN; `out` gets the marks classifyCell gives. One pass checks the shape and reads the digits
 * (shape check, date probe and parse were three, on every numeric cell of every pass). It does
 * what classifyCell does with these bytes: a plain decimal is never a date (it has at most one
 * point and no separator at a date's places), and parseNumber reads ≤ 15 significant digits
 * scaled by at most 10^22 as one exact division, as here; anything else goes to classifyCell.
 */
export function readPlainDecimal(values: Uint8Array, s: number, e: number, out: ParsedCell): number {
  let k = s;
  const negative = k < e && values[k] === MINUS;
  if (negative) k++;
  const intStart = k;
  let mantissa = 0;
  let significant = 0;
  while (k < e) {
    const digit = values[k] - 0x30;
    if (digit < 0 || digit > 9) break;
    if (significant > 0 || digit !== 0) significant++;
    mantissa = mantissa * 10 + digit;
    k++;
  }
  const intDigits = k - intStart;
  if (intDigits === 0) return Number.NaN;
  let scale = 0;
  if (k < e) {
    if (values[k] !== POINT) return Number.NaN;
    const fractionStart = ++k;
    while (k < e) {
      const digit = values[k] - 0x30;
      if (digit < 0 || digit > 9) return Number.NaN;
      if (significant > 0 || digit !== 0) significant++;
      mantissa = mantissa * 10 + digit;
      k++;
    }
    if (k === fractionStart) return Number.NaN;
    scale = fractionStart - k;
  }
  const hasPoint = k - intStart > intDigits;
  if (significant > 15 || scale < -22 || out.decimalCommaGiven) return plainDecimalValue(values, s, e, out);
  // classifyCell's date probe, reached by "12.3456789" and longer, leaves the order unknown.
  if (e - s >= 10 && !negative && values[s + 2] === POINT) out.dateOrder = DateOrder.Unknown;
  const value = scale === 0 ? mantissa : mantissa / POW10[-scale];
  out.value = negative ? -value : value;
  out.decimalComma = false;
  out.plainDigits = !hasPoint && !negative;
  out.leadingZero = out.plainDigits && intDigits > 1 && values[intStart] === 0x30;
  return out.value;
}

/** shortPlainDecimal: not a plain decimal; or one longer than 15 bytes, whose value needs readPlainDecimal. */
export const NOT_PLAIN_DECIMAL = -1;
export const LONG_PLAIN_DECIMAL = -2;
/** shortPlainDecimal's marks of a plain decimal of at most 15 bytes (0: one with a fraction). */
export const PLAIN_INTEGRAL = 1;
export const PLAIN_LEADING_ZERO = 2;

/**
 * What readPlainDecimal's value and marks would say of values[s, e), without the value, for a
 * plain decimal of at most 15 bytes: PLAIN_INTEGRAL when no fraction digit is other than 0 (with
 * at most 15 digits the quotient of the digits by a power of ten is a whole number exactly then),
 * PLAIN_LEADING_ZERO as classifyCell marks it (unsigned, no point, more than one digit, a 0
 * first). Type checks need only these, on every cell of a number column.
 */
export function shortPlainDecimal(values: Uint8Array, s: number, e: number): number {
  let k = s;
  const negative = k < e && values[k] === MINUS;
  if (negative) k++;
  const intStart = k;
  while (k < e && isDigit(values[k])) k++;
  const intDigits = k - intStart;
  if (intDigits === 0) return NOT_PLAIN_DECIMAL;
  let integral = true;
  if (k < e) {
    if (values[k] !== POINT) return NOT_PLAIN_DECIMAL;
    const fractionStart = ++k;
    for (; k < e; k++) {
      const b = values[k];
      if (!isDigit(b)) return NOT_PLAIN_DECIMAL;
      if (b !== 0x30) integral = false;
    }
    if (k === fractionStart) return NOT_PLAIN_DECIMAL;
  }
  if (e - s > 15) return LONG_PLAIN_DECIMAL;
  const leadingZero = !negative && intDigits === e - s && intDigits > 1 && values[intStart] === 0x30;
  return (integral ? PLAIN_INTEGRAL : 0) | (leadingZero ? PLAIN_LEADING_ZERO : 0);
}

/** shortPlainDecimal of cell i's bytes trimmed of ASCII whitespace (as plainDecimalCell trims them). */
export function shortPlainDecimalCell(cells: Utf8Cells, i: number): number {
  const values = cells.values;
  let start = cells.offsets[i];
  let end = cells.offsets[i + 1];
  while (start < end && isAsciiSpace(values[start])) start++;
  while (end > start && isAsciiSpace(values[end - 1])) end--;
  return shortPlainDecimal(values, start, end);
}

/** tooManyDigits (identifier-columns.ts) on bytes: more than 15 digits after the leading zeros. */
export function tooManyDigitsBytes(values: Uint8Array, s: number, e: number): boolean {
  let significant = 0;
  for (let k = s; k < e; k++) {
    const b = values[k];
    if (!isDigit(b)) continue;
    if (significant > 0 || b !== 0x30) significant++;
  }
  return significant > 15;
}

/** The value of cell i when its bytes, trimmed of ASCII whitespace, are a finite plain decimal; else NaN. */
export function plainDecimalCell(cells: Utf8Cells, i: number, out: ParsedCell): number {
  const values = cells.values;
  let start = cells.offsets[i];
  let end = cells.offsets[i + 1];
  while (start < end && isAsciiSpace(values[start])) start++;
  while (end > start && isAsciiSpace(values[end - 1])) end--;
  return readPlainDecimal(values, start, end, out);
}
