/**
 * The date and time parts of a cell's bytes, for classifyCell (value-parse.ts): hand-written on
 * bytes because every cell of every column goes through them.
 */
import type { ParsedCell } from "./value-parse.js";

export enum DateOrder {
  Unknown = 0,
  DayFirst = 1,
  MonthFirst = 2,
}

function digitsAt(v: Uint8Array, s: number, n: number): number {
  let x = 0;
  for (let k = 0; k < n; k++) {
    const d = v[s + k] - 48;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  return x;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Reads YYYY-MM-DD, YYYY/MM/DD, MM/DD/YYYY, DD/MM/YYYY or DD.MM.YYYY at s; returns epoch ms or NaN. */
export function parseDatePart(v: Uint8Array, s: number, out: ParsedCell): number {
  let y: number;
  let m: number;
  let d: number;
  out.dateOrder = DateOrder.Unknown;
  if ((v[s + 4] === 45 || v[s + 4] === 47) && v[s + 7] === v[s + 4]) {
    y = digitsAt(v, s, 4);
    m = digitsAt(v, s + 5, 2);
    d = digitsAt(v, s + 8, 2);
  } else if (v[s + 2] === 46 && v[s + 5] === 46) {
    // Dotted dates are written day first wherever they are used (DE, FR, CH, RU, …).
    d = digitsAt(v, s, 2);
    m = digitsAt(v, s + 3, 2);
    y = digitsAt(v, s + 6, 4);
    out.dateOrder = DateOrder.DayFirst;
  } else if (v[s + 2] === 47 && v[s + 5] === 47) {
    const a = digitsAt(v, s, 2);
    const b = digitsAt(v, s + 3, 2);
    y = digitsAt(v, s + 6, 4);
    // US order unless the first part cannot be a month (or the user said day first and the second can be one).
    const dayFirst = out.dayFirstGiven ? b <= 12 : a > 12;
    m = dayFirst ? b : a;
    d = dayFirst ? a : b;
    out.dateOrder = a > 12 ? DateOrder.DayFirst : b > 12 ? DateOrder.MonthFirst : DateOrder.Unknown;
  } else return Number.NaN;
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return Number.NaN;
  return Date.UTC(y, m - 1, d);
}

/** Reads HH:MM[:SS[.fff]] and an optional Z or ±HH[[:]MM] offset ending exactly at e; ms into the day (UTC), or NaN. */
export function parseTimePart(v: Uint8Array, s: number, e: number): number {
  const hh = digitsAt(v, s, 2);
  const mm = v[s + 2] === 58 ? digitsAt(v, s + 3, 2) : -1;
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return Number.NaN;
  let i = s + 5;
  let ms = (hh * 60 + mm) * 60_000;
  if (i < e && v[i] === 58) {
    // Seconds need two digits inside the field (a shorter tail was never a valid time).
    if (i + 3 > e) return Number.NaN;
    const ss = digitsAt(v, i + 1, 2);
    if (ss < 0 || ss > 60) return Number.NaN;
    ms += ss * 1000;
    i += 3;
    if (i < e && (v[i] === 46 || v[i] === 44)) {
      i++;
      let scale = 100;
      while (i < e && v[i] >= 48 && v[i] <= 57) {
        ms += (v[i] - 48) * scale;
        scale /= 10;
        i++;
      }
    }
  }
  if (i === e) return ms;
  if (v[i] === 90 && i + 1 === e) return ms;
  if (v[i] === 43 || v[i] === 45) {
    // An offset needs its two hour digits inside the field (a shorter tail was never valid).
    if (i + 3 > e) return Number.NaN;
    const oh = digitsAt(v, i + 1, 2);
    const om = e - (i + 3) === 0 ? 0 : digitsAt(v, e - 2, 2);
    if (oh < 0 || om < 0) return Number.NaN;
    const offset = (oh * 60 + om) * 60_000;
    return v[i] === 43 ? ms - offset : ms + offset;
  }
  return Number.NaN;
}
