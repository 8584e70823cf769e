/**
 * Dates in the formats people write them, to ISO 8601: 2024-12-31, 2024/12/31, 20241231,
 * 12/31/2024 or 31.12.2024 (day-month order from a parameter, swapped when only the other
 * order is a real date), 31 Dec 2024, December 31, 2024, with an optional time (24 h or am/pm).
 * With order YMD, year-first dates are the expected ones and a day-month date reads month first.
 */
export type DateOrder = "DMY" | "MDY" | "YMD";

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const TIME = String.raw`(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?\s*(Z|[+-]\d{2}:?\d{2})?)?`;
const YMD = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NUMERIC = new RegExp(String.raw`^(\d{1,4})[-/.](\d{1,2})[-/.](\d{2,4})${TIME}$`);
const DAY_NAME_MONTH = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4})${TIME}$`);
const NAME_DAY_YEAR = new RegExp(String.raw`^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})${TIME}$`);
const WEEKDAY = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function valid(y: number, m: number, d: number): boolean {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Two-digit years: 00–49 → 2000s, 50–99 → 1900s (the pivot spreadsheets use). */
function fullYear(text: string): number {
  const y = Number(text);
  if (text.length !== 2) return y;
  return y < 50 ? 2000 + y : 1900 + y;
}

function withTime(date: string, groups: (string | undefined)[]): string | null {
  const [hh, mm, ss, fraction, meridiem, zone] = groups;
  if (hh === undefined) return date;
  let hour = Number(hh);
  const minute = Number(mm);
  const second = ss === undefined ? 0 : Number(ss);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    const pm = meridiem.toLowerCase() === "pm";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  const frac = fraction ? `.${fraction}` : "";
  const offset = zone === undefined ? "" : zone === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${frac}${offset}`;
}

function iso(y: number, m: number, d: number): string | null {
  return valid(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null;
}

function digitAt(text: string, k: number): number {
  const d = text.charCodeAt(k) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** The number written by the ASCII digits text[from, to), or -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = digitAt(text, k);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * YYYY-MM-DD and YYYY-MM-DD HH:MM:SS (or with T), the forms most files already use, read
 * without the regular expressions: the result is the one the YMD branch below gives them.
 * undefined when the text has another shape.
 */
export function canonicalIso(text: string): string | null | undefined {
  if ((text.length !== 10 && text.length !== 19) || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return undefined;
  const y = digitsAt(text, 0, 4);
  const m = digitsAt(text, 5, 7);
  const d = digitsAt(text, 8, 10);
  if (y < 0 || m < 0 || d < 0) return undefined;
  if (!valid(y, m, d)) return null;
  if (text.length === 10) return text;
  const separator = text.charCodeAt(10);
  if ((separator !== 0x20 && separator !== 0x54) || text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return undefined;
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  if (hour < 0 || minute < 0 || second < 0) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${text.slice(0, 10)}T${text.slice(11)}`;
}

/** The ISO 8601 form of a written date, or null when the text is not a real date. */
export function toIsoDate(raw: string, order: DateOrder): string | null {
  const trimmed = raw.trim();
  const canonical = canonicalIso(trimmed);
  if (canonical !== undefined) return canonical;
  const text = trimmed.replace(WEEKDAY, "");
  if (text === "") return null;
  let match = YMD.exec(text);
  if (match) {
    const date = iso(Number(match[1]), Number(match[2]), Number(match[3]));
    return date && withTime(date, match.slice(4));
  }
  match = COMPACT.exec(text);
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  match = NUMERIC.exec(text);
  if (match && match[1].length <= 2) {
    const a = Number(match[1]);
    const b = Number(match[2]);
    const y = fullYear(match[3]);
    if (match[3].length === 3) return null;
    const [m, d] = order === "DMY" ? [b, a] : [a, b];
    const date = iso(y, m, d) ?? iso(y, d, m);
    return date && withTime(date, match.slice(4));
  }
  match = DAY_NAME_MONTH.exec(text);
  if (match) {
    const month = MONTHS[match[2].toLowerCase()];
    const date = month ? iso(Number(match[3]), month, Number(match[1])) : null;
    return date && withTime(date, match.slice(4));
  }
  match = NAME_DAY_YEAR.exec(text);
  if (match) {
    const month = MONTHS[match[1].toLowerCase()];
    const date = month ? iso(Number(match[3]), month, Number(match[2])) : null;
    return date && withTime(date, match.slice(4));
  }
  return null;
}

/** What canonicalIso makes of the bytes values[start, end): not that shape, not a real date, a date, or a date and time. */
export enum IsoBytes {
  Other = -1,
  Invalid = 0,
  Date = 1,
  DateTime = 2,
}

/** The number written by the ASCII digit bytes values[from, to), or -1 when one of them is not a digit. */
function digitBytesAt(values: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = values[k] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * canonicalIso read from a cell's bytes, for the date columns where every cell is already
 * written the ISO way: no string per cell. Every byte of either shape is a fixed ASCII character,
 * so bytes that pass are the text canonicalIso would read.
 */
export function canonicalIsoBytes(values: Uint8Array, start: number, end: number): IsoBytes {
  const length = end - start;
  if ((length !== 10 && length !== 19) || values[start + 4] !== 0x2d || values[start + 7] !== 0x2d) return IsoBytes.Other;
  const y = digitBytesAt(values, start, start + 4);
  const m = digitBytesAt(values, start + 5, start + 7);
  const d = digitBytesAt(values, start + 8, start + 10);
  if (y < 0 || m < 0 || d < 0) return IsoBytes.Other;
  if (!valid(y, m, d)) return IsoBytes.Invalid;
  if (length === 10) return IsoBytes.Date;
  const separator = values[start + 10];
  if ((separator !== 0x20 && separator !== 0x54) || values[start + 13] !== 0x3a || values[start + 16] !== 0x3a) return IsoBytes.Other;
  const hour = digitBytesAt(values, start + 11, start + 13);
  const minute = digitBytesAt(values, start + 14, start + 16);
  const second = digitBytesAt(values, start + 17, start + 19);
  if (hour < 0 || minute < 0 || second < 0) return IsoBytes.Other;
  return hour > 23 || minute > 59 || second > 59 ? IsoBytes.Invalid : IsoBytes.DateTime;
}
