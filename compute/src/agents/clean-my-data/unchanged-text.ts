/**
 * Which cells field-standardization leaves as written, decided from their bytes, for a text or
 * email column with no mapping, case rule or clusters: an ASCII cell (so \s and toLowerCase act
 * only on ASCII) whose whitespace is already single inner spaces (checked for an email, which is
 * trimmed, even when whitespace is not standardised) and, for an email, with no capital letter.
 * Such a cell leaves as its bytes whether or not it is a null marker, so the decode, the memo
 * lookup and the decision are skipped on the columns of unique values that miss the memo.
 */
import { isAscii } from "node:buffer";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { toCountryCode } from "./country-codes.js";
import { canonicalIsoBytes, IsoBytes } from "./dates.js";
import { isAsciiSpace } from "./distinct-memo.js";

/** Whether cell i (not missing) passes unchanged. */
export function passesUnchanged(cells: Utf8Cells, i: number, email: boolean, cleanWhitespace: boolean): boolean {
  if (isNullCell(cells, i)) return false;
  const values = cells.values;
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  let previousSpace = true;
  for (let k = start; k < end; k++) {
    const b = values[k];
    if (b >= 0x80 || (email && b >= 0x41 && b <= 0x5a)) return false;
    if (!cleanWhitespace) continue;
    const space = isAsciiSpace(b);
    if (space && (b !== 0x20 || previousSpace)) return false;
    previousSpace = space;
  }
  return !(cleanWhitespace && previousSpace && end > start);
}

const DOUBLE_SPACE = Buffer.from("  ");

/**
 * Whether every present cell of a batch's column passes unchanged, read from the column's whole
 * byte range at once: native scans (isAscii, indexOf) find a non-ASCII byte, a control space or
 * a double space anywhere, and only the two ends of each cell are read one by one. A double space
 * across two cells means one of them has a space at an end, which fails it anyway. False can
 * also mean the bytes of a missing cell failed: the caller then checks cell by cell.
 */
export function columnPassesUnchanged(cells: Utf8Cells, email: boolean, cleanWhitespace: boolean): boolean {
  const { values, offsets } = cells;
  const from = offsets[0];
  const to = offsets[cells.length];
  const region = Buffer.from(values.buffer, values.byteOffset + from, to - from);
  if (!isAscii(region)) return false;
  if (email) for (let k = from; k < to; k++) if (values[k] >= 0x41 && values[k] <= 0x5a) return false;
  if (!cleanWhitespace) return true;
  for (let b = 0x09; b <= 0x0d; b++) if (region.indexOf(b) >= 0) return false;
  if (region.indexOf(DOUBLE_SPACE) >= 0) return false;
  for (let i = 0; i < cells.length; i++) {
    const start = offsets[i];
    const end = offsets[i + 1];
    if (end > start && (values[start] === 0x20 || values[end - 1] === 0x20) && !isNullCell(cells, i)) return false;
  }
  return true;
}

/**
 * Whether every present cell of a batch's date column (no mapping, case rule or clusters) is
 * already a canonical ISO date, or date and time with its T: toIsoDate gives such a text back as
 * it is, and it has no whitespace to clean, so each cell leaves as its bytes.
 */
export function columnOfIsoDates(cells: Utf8Cells): boolean {
  const { values, offsets } = cells;
  for (let i = 0; i < cells.length; i++) {
    if (isNullCell(cells, i)) continue;
    const start = offsets[i];
    const iso = canonicalIsoBytes(values, start, offsets[i + 1]);
    if (iso !== IsoBytes.Date && !(iso === IsoBytes.DateTime && values[start + 10] === 0x54)) return false;
  }
  return true;
}

/** Per pair of capital letters, whether toCountryCode gives it back as it is (1), not (0), or not asked yet (-1). */
const keptCountryCodes = new Int8Array(26 * 26).fill(-1);

/**
 * Whether every present cell of a batch's country column (no mapping, case rule or clusters) is
 * an ISO 3166 alpha-2 code toCountryCode gives back as it is: two capital letters, each pair
 * looked up once.
 */
export function columnOfCountryCodes(cells: Utf8Cells): boolean {
  const { values, offsets } = cells;
  for (let i = 0; i < cells.length; i++) {
    if (isNullCell(cells, i)) continue;
    const start = offsets[i];
    if (offsets[i + 1] - start !== 2) return false;
    const a = values[start] - 0x41;
    const b = values[start + 1] - 0x41;
    if (a < 0 || a >= 26 || b < 0 || b >= 26) return false;
    const pair = a * 26 + b;
    if (keptCountryCodes[pair] === -1) {
      const code = String.fromCharCode(a + 0x41, b + 0x41);
      keptCountryCodes[pair] = toCountryCode(code) === code ? 1 : 0;
    }
    if (keptCountryCodes[pair] === 0) return false;
  }
  return true;
}
