/**
 * The PII scan's byte gates: whether a value, as UTF-8 bytes, could hold anything the string
 * recognisers of pii-entities.ts would find, told without decoding it. They are hand-written on
 * bytes because the scan asks once per cell and decoding every cell was most of its time.
 */
import { FREE_TEXT_MIN_LENGTH, type PiiEntity, someGatePasses } from "./pii-entities.js";

const isAsciiSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);

/**
 * false when no recogniser could take the value whose UTF-8 bytes are values[start..end), nor
 * any entity be found written inside it, told without decoding it: the gates of examinePii and
 * embeddedPii computed on bytes. Values with a byte past ASCII are always examined (their
 * characters are not their bytes).
 */
export function bytesMayHoldPii(values: Uint8Array, start: number, end: number, headerNamed: Set<PiiEntity>): boolean {
  // One pass gives the features of the trimmed value too: the spaces trimmed count as none of them.
  let digits = 0;
  let letters = 0;
  let hexLetters = 0;
  let dots = 0;
  let colons = 0;
  let at = false;
  let space = false;
  for (let i = start; i < end; i++) {
    const b = values[i];
    if (b >= 0x80) return true;
    if (b >= 48 && b <= 57) digits++;
    else if ((b >= 65 && b <= 90) || (b >= 97 && b <= 122)) {
      letters++;
      if ((b >= 65 && b <= 70) || (b >= 97 && b <= 102)) hexLetters++;
    } else if (b === 64) at = true;
    else if (b === 46) dots++;
    else if (b === 58) colons++;
    else if (b === 32) space = true;
  }
  // embeddedPii looks only at free text with an @ or seven digits; a timestamp has the digits
  // and the space but nothing it would find (see isPlainTimestamp).
  if (end - start >= FREE_TEXT_MIN_LENGTH && space && (at || digits >= 7) && !isPlainTimestamp(values, start, end)) return true;
  let from = start;
  let to = end;
  while (from < to && isAsciiSpace(values[from])) from++;
  while (to > from && isAsciiSpace(values[to - 1])) to--;
  const length = to - from;
  if (length < 3 || length > 120) return false;
  return gatesPass(length, digits, letters, at, values[from], dots, colons, hexLetters, headerNamed);
}

/**
 * Whether any recogniser's gate lets values of these features through. The answer depends on
 * the features and the header alone, and a column's values mostly share a few shapes (a date
 * column has one, an amount column a handful), so answers are remembered by their features:
 * a lookup instead of a dozen gate calls per value.
 */
function gatesPass(
  length: number,
  digits: number,
  letters: number,
  at: boolean,
  first: number,
  dots: number,
  colons: number,
  hexLetters: number,
  headerNamed: Set<PiiEntity>,
): boolean {
  if (gateMemo.named !== headerNamed) {
    gateMemo.named = headerNamed;
    gateMemo.keys.fill(-1);
  }
  // Every count is at most 120 (7 bits) and `first` a byte, so the key is exact in a double.
  const key =
    (((((length * 128 + digits) * 128 + letters) * 128 + dots) * 128 + colons) * 128 + hexLetters) * 512 + first * 2 + (at ? 1 : 0);
  const slot =
    (Math.imul(length * 31 + digits, 0x9e3779b1) ^
      Math.imul(letters * 61 + dots * 7 + colons * 3 + hexLetters + first * 131 + (at ? 17 : 0), 0x85ebca6b)) >>>
    GATE_MEMO_SHIFT;
  if (gateMemo.keys[slot] === key) return gateMemo.answers[slot] === 1;
  const pass = someGatePasses({ length, digits, letters, at, first, dots, colons, hexLetters }, headerNamed);
  gateMemo.keys[slot] = key;
  gateMemo.answers[slot] = pass ? 1 : 0;
  return pass;
}

const GATE_MEMO_BITS = 10;
const GATE_MEMO_SHIFT = 32 - GATE_MEMO_BITS;
/** The remembered gate answers of one header (the column being scanned), by a hash of the features. */
const gateMemo = {
  named: null as Set<PiiEntity> | null,
  keys: new Float64Array(1 << GATE_MEMO_BITS).fill(-1),
  answers: new Uint8Array(1 << GATE_MEMO_BITS),
};

/**
 * True for the bytes of `YYYY-MM-DD HH:MM:SS` with optional fractional seconds, exactly (no
 * padding): the common timestamp, where no recogniser finds anything. examinePii: no @, letter
 * or 9/8/7–15-digit shape any gate lets through (colons rule out cards and phones, the first
 * digit rules out secrets and addresses). embeddedPii: the longest digit run with single
 * separators ("YYYY-MM-DD HH") has 10 digits, under a card's 13; no 3-2-4 group for an SSN; and
 * the date and the time are what NOT_PHONE_NUMBERS removes before phones are looked for.
 */
function isPlainTimestamp(values: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n < 19 || n === 20 || n > 29) return false;
  for (let k = 0; k < n; k++) {
    const b = values[start + k];
    const expected = k === 4 || k === 7 ? 45 : k === 10 ? 32 : k === 13 || k === 16 ? 58 : k === 19 ? 46 : -1;
    if (expected >= 0 ? b !== expected : b < 48 || b > 57) return false;
  }
  return true;
}
