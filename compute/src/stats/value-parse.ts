/**
 * Classifies one field's bytes as integer, float, boolean, date, datetime or string and parses
 * the value, without building a string on the common paths. Results go to a reused scratch
 * object so the per-cell loop allocates nothing.
 */
import { DateOrder, parseDatePart, parseTimePart } from "./date-time-bytes.js";

export enum CellKind {
  Integer = 0,
  Float = 1,
  Boolean = 2,
  Date = 3,
  DateTime = 4,
  String = 5,
}

export const KIND_NAMES = ["integer", "float", "boolean", "date", "datetime", "string"] as const;
export type InferredType = (typeof KIND_NAMES)[number];

export interface ParsedCell {
  /** The number for integer/float; 1/0 for booleans; epoch milliseconds for dates and datetimes. */
  value: number;
  /** An all-digit integer written with a leading zero ("007"), the mark of a code, not a number. */
  leadingZero: boolean;
  /** Digits only, no sign or point (candidates for fixed-width codes). */
  plainDigits: boolean;
  /** The number was written with a decimal comma (1.008,33 €), read so only when `decimalComma` is allowed. */
  decimalComma: boolean;
  /** A date that can only be day-first (31.12.2024, 31/12/2024), or only month-first (12/31/2024). */
  dateOrder: DateOrder;
  /** Whether numbers with a decimal comma are read (the profiler detects them per column). */
  allowDecimalComma: boolean;
  /** The user said numbers use a decimal comma: read so first, "1,500" = 1.5 and "1.500" = 1500. */
  decimalCommaGiven: boolean;
  /** The user said dates are day first: 03/04/2024 is 3 April (a date impossible so is read month first). */
  dayFirstGiven: boolean;
}

export { DateOrder };

/** Powers of ten a double holds exactly: 10^22 is the last. */
export const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
const decoder = new TextDecoder();

function lower(b: number): number {
  return b >= 65 && b <= 90 ? b + 32 : b;
}

function matchesWord(v: Uint8Array, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (lower(v[s + k]) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Parses a decimal number. Exact (correctly rounded) when the significand has ≤ 15 digits and the
 * decimal exponent is ≤ 22 in size (one IEEE multiply or divide of two exact doubles); otherwise
 * falls back to the engine's own parser. Returns the kind or -1 when the bytes are not a number.
 */
function parseNumber(v: Uint8Array, s: number, e: number, out: ParsedCell): number {
  let i = s;
  let negative = false;
  if (v[i] === 45 || v[i] === 43) {
    negative = v[i] === 45;
    i++;
  }
  if (i === e) return -1;
  const rest = e - i;
  if (rest === 3 && matchesWord(v, i, e, "inf")) return infinite(negative, out);
  if (rest === 8 && matchesWord(v, i, e, "infinity")) return infinite(negative, out);
  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let digits = 0;
  const intStart = i;
  while (i < e && v[i] >= 48 && v[i] <= 57) {
    if (significant > 0 || v[i] !== 48) significant++;
    mantissa = mantissa * 10 + (v[i] - 48);
    i++;
  }
  const intDigits = i - intStart;
  digits += intDigits;
  let isFloat = false;
  if (i < e && v[i] === 46) {
    isFloat = true;
    i++;
    while (i < e && v[i] >= 48 && v[i] <= 57) {
      if (significant > 0 || v[i] !== 48) significant++;
      mantissa = mantissa * 10 + (v[i] - 48);
      scale--;
      digits++;
      i++;
    }
  }
  if (digits === 0) return -1;
  if (i < e && (v[i] === 101 || v[i] === 69)) {
    isFloat = true;
    i++;
    let expNegative = false;
    if (i < e && (v[i] === 45 || v[i] === 43)) {
      expNegative = v[i] === 45;
      i++;
    }
    if (i === e) return -1;
    let exponent = 0;
    while (i < e && v[i] >= 48 && v[i] <= 57) {
      exponent = Math.min(exponent * 10 + (v[i] - 48), 100_000);
      i++;
    }
    scale += expNegative ? -exponent : exponent;
  }
  if (i !== e) return -1;
  let value: number;
  if (significant <= 15 && scale >= -22 && scale <= 22) {
    value = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
  } else {
    // The sign is applied below, so the engine's parser reads the digits without it.
    value = Number(decoder.decode(v.subarray(intStart, e)));
  }
  out.value = negative ? -value : value;
  out.plainDigits = !isFloat && s === intStart;
  out.leadingZero = out.plainDigits && intDigits > 1 && v[intStart] === 48;
  return isFloat ? CellKind.Float : CellKind.Integer;
}

/** Bytes of a space a number may be grouped or followed by: " ", NBSP (C2 A0), narrow NBSP (E2 80 AF). */
function spaceLength(v: Uint8Array, i: number, e: number): number {
  if (v[i] === 32) return 1;
  if (v[i] === 0xc2 && i + 1 < e && v[i + 1] === 0xa0) return 2;
  if (v[i] === 0xe2 && i + 2 < e && v[i + 1] === 0x80 && v[i + 2] === 0xaf) return 3;
  return 0;
}

function isEuro(v: Uint8Array, i: number, e: number): boolean {
  return i + 2 < e && v[i] === 0xe2 && v[i + 1] === 0x82 && v[i + 2] === 0xac;
}

/**
 * A number written the continental European way: "1.008,33 €", "-12,5", "€ 3 400,00",
 * "1 234 567,8". Read only when it cannot be a US number: a decimal comma not followed by
 * exactly three digits, or a thousands separator before the comma, or a euro sign ("1,500"
 * alone stays text: 1.5 or 1500).
 */
function parseDecimalComma(v: Uint8Array, s: number, e: number, out: ParsedCell, given = false): number {
  let i = s;
  let end = e;
  let currency = false;
  if (isEuro(v, i, end)) {
    currency = true;
    i += 3;
    for (let k = spaceLength(v, i, end); k > 0; k = spaceLength(v, i, end)) i += k;
  }
  if (end - i >= 3 && isEuro(v, end - 3, end)) {
    currency = true;
    end -= 3;
    // Trailing spaces before the sign.
    while (end > i && (v[end - 1] === 32 || (v[end - 1] === 0xa0 && v[end - 2] === 0xc2) || (v[end - 1] === 0xaf && v[end - 2] === 0x80))) {
      end -= v[end - 1] === 32 ? 1 : v[end - 1] === 0xa0 ? 2 : 3;
    }
  }
  let negative = false;
  if (i < end && (v[i] === 45 || v[i] === 43)) {
    negative = v[i] === 45;
    i++;
  }
  let text = "";
  let group = 0;
  let groups = 0;
  let separator = -1;
  while (i < end) {
    if (v[i] >= 48 && v[i] <= 57) {
      text += String.fromCharCode(v[i]);
      group++;
      i++;
      continue;
    }
    const sep = v[i] === 46 ? 1 : spaceLength(v, i, end);
    if (sep === 0) break;
    // A thousands separator: the same one each time, after 1–3 digits first and exactly 3 after.
    if (group === 0 || (groups === 0 ? group > 3 : group !== 3) || (separator !== -1 && separator !== v[i])) return -1;
    separator = v[i];
    groups++;
    group = 0;
    i += sep;
  }
  if (text === "" || (groups > 0 && group !== 3)) return -1;
  let fraction = "";
  if (i < end && v[i] === 44) {
    i++;
    while (i < end && v[i] >= 48 && v[i] <= 57) fraction += String.fromCharCode(v[i++]);
    if (fraction === "") return -1;
  }
  if (i !== end) return -1;
  const unambiguous = currency || groups > 0 || (fraction !== "" && fraction.length !== 3);
  if ((!unambiguous && !given) || (fraction === "" && groups === 0 && !currency)) return -1;
  const value = Number(fraction ? `${text}.${fraction}` : text);
  out.value = negative ? -value : value;
  out.decimalComma = true;
  out.plainDigits = false;
  out.leadingZero = false;
  return fraction ? CellKind.Float : CellKind.Integer;
}

function infinite(negative: boolean, out: ParsedCell): number {
  out.value = negative ? -Infinity : Infinity;
  out.plainDigits = false;
  out.leadingZero = false;
  return CellKind.Float;
}

/** Classifies bytes [s, e) (already trimmed, non-empty). */
export function classifyCell(v: Uint8Array, s: number, e: number, out: ParsedCell): CellKind {
  const first = v[s];
  const len = e - s;
  out.leadingZero = false;
  out.plainDigits = false;
  out.decimalComma = false;
  if ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46 || first === 105 || first === 73) {
    if (len >= 10 && first >= 48 && first <= 57 && (v[s + 4] === 45 || v[s + 4] === 47 || v[s + 2] === 47 || v[s + 2] === 46)) {
      const day = parseDatePart(v, s, out);
      if (!Number.isNaN(day)) {
        out.leadingZero = false;
        out.plainDigits = false;
        if (len === 10) {
          out.value = day;
          return CellKind.Date;
        }
        if ((v[s + 10] === 84 || v[s + 10] === 32) && len >= 16) {
          const time = parseTimePart(v, s + 11, e);
          if (!Number.isNaN(time)) {
            out.value = day + time;
            return CellKind.DateTime;
          }
        }
        return CellKind.String;
      }
    }
    if (out.decimalCommaGiven) {
      const european = parseDecimalComma(v, s, e, out, true);
      if (european >= 0) return european;
    }
    const kind = parseNumber(v, s, e, out);
    if (kind >= 0) return kind;
    if (out.allowDecimalComma) {
      const european = parseDecimalComma(v, s, e, out);
      if (european >= 0) return european;
    }
    return CellKind.String;
  }
  if (out.allowDecimalComma && first === 0xe2) {
    const european = parseDecimalComma(v, s, e, out);
    if (european >= 0) return european;
  }
  if (matchesWord(v, s, e, "true") || matchesWord(v, s, e, "yes")) {
    out.value = 1;
    return CellKind.Boolean;
  }
  if (matchesWord(v, s, e, "false") || matchesWord(v, s, e, "no")) {
    out.value = 0;
    return CellKind.Boolean;
  }
  return CellKind.String;
}

/** decimalComma: detect numbers written with a decimal comma; decimal / dayFirst: what the user said instead. */
export function newParsedCell(options: { decimalComma?: boolean; decimal?: "." | "," | null; dayFirst?: boolean } = {}): ParsedCell {
  const given = options.decimal ?? null;
  return {
    value: 0,
    leadingZero: false,
    plainDigits: false,
    decimalComma: false,
    dateOrder: DateOrder.Unknown,
    allowDecimalComma: given === null ? (options.decimalComma ?? false) : given === ",",
    decimalCommaGiven: given === ",",
    dayFirstGiven: options.dayFirst ?? false,
  };
}

/**
 * The text's UTF-8 bytes go to one module-level buffer (encodeInto) rather than a new encoder and
 * array per call: on a column of unique values the allocations cost more than the classification.
 * The parser never reads past `length` (parseTimePart checks its bounds), so the bytes a longer,
 * earlier text left behind cannot change the answer.
 */
const encoder = new TextEncoder();
let textBytes = new Uint8Array(256);

/** The kind of `text`'s bytes, with its value and marks left in `out` (a scratch from newParsedCell). */
export function classifyTextInto(text: string, out: ParsedCell): CellKind {
  // Three bytes per UTF-16 unit is the most UTF-8 needs, so encodeInto always writes all of it.
  if (textBytes.length < text.length * 3) textBytes = new Uint8Array(text.length * 3);
  const length = encoder.encodeInto(text, textBytes).written;
  return classifyCell(textBytes, 0, length, out);
}

export interface TextReading {
  kind: InferredType;
  value: number;
  leadingZero: boolean;
}

const textCell = newParsedCell();
const textReading: TextReading = { kind: "string", value: 0, leadingZero: false };

/**
 * classifyCell on a text, without a locale. The result is one reused object, overwritten by the
 * next call: read what you need from it at once (every caller does), never keep it.
 */
export function classifyText(text: string): Readonly<TextReading> {
  // As on a fresh scratch: a text read as a string reports 0, not the value of the text before it.
  textCell.value = 0;
  const kind = classifyTextInto(text, textCell);
  textReading.kind = KIND_NAMES[kind];
  textReading.value = textCell.value;
  textReading.leadingZero = textCell.leadingZero;
  return textReading;
}
