/**
 * type-fixer's first pass: the type of each column without a target type, inferred from what its
 * values can be read as (≥ 95 % of them must convert). Numbers, canonical ISO dates and yes/no
 * words are read from the cells' bytes; other texts once per distinct text.
 */
import type { CleanMyDataParameters } from "@agensium/shared";
import { type Dataset, scanBatches } from "../../engine/types.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { classifyTextInto, newParsedCell } from "../../stats/value-parse.js";
import { outOfReach } from "./column-types.js";
import { canonicalIso, canonicalIsoBytes, IsoBytes, toIsoDate } from "./dates.js";
import { knownRows } from "./derived-dataset.js";
import { DistinctMemo, isAsciiSpace } from "./distinct-memo.js";
import { tooManyDigits } from "./identifier-columns.js";
import type { NullMarkers } from "./null-markers.js";
import {
  LONG_PLAIN_DECIMAL,
  PLAIN_INTEGRAL,
  PLAIN_LEADING_ZERO,
  readPlainDecimal,
  shortPlainDecimal,
  tooManyDigitsBytes,
} from "./plain-numbers.js";
import { cellValue, columnsOf } from "./row-batch.js";
import { looseBooleanBytes, parseLooseBoolean, parseLooseNumber } from "./value-conversions.js";

type Params = CleanMyDataParameters["type-fixer"];
export type TargetType = Params["target_types"][string];

const CONVERTIBLE_SHARE = 0.95;

const READ_NUMBER = 1;
const READ_INTEGER = 2;
const READ_LEADING_ZERO = 4;
const READ_LONG_DIGITS = 8;
const READ_BOOLEAN = 16;
const READ_BOOLEAN_WORD = 32;
const READ_DATE = 64;
const READ_DATETIME = 128;

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

function newTally(): Tally {
  return {
    valued: 0,
    numbers: 0,
    integers: 0,
    booleans: 0,
    booleanWords: 0,
    dates: 0,
    datetimes: 0,
    leadingZero: false,
    longDigits: false,
  };
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

/**
 * Whether the column is a string column whatever its `unread` remaining rows hold: even if every
 * one of them were a number, a date or a boolean, no type would reach its share (see outOfReach).
 */
function settledAsString(t: Tally, unread: number): boolean {
  const out = (n: number) => outOfReach(CONVERTIBLE_SHARE, n, t.valued, unread);
  return out(t.booleans) && out(t.dates) && (t.leadingZero || t.longDigits || out(t.numbers));
}

const parsedText = newParsedCell();

/** What one trimmed, non-null text can be read as, as READ_* flags (decided once per distinct text). */
export function readingOf(text: string, order: Params["date_order"]): number {
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
 * readingOf for a cell whose bytes, trimmed of ASCII whitespace, are a plain decimal, a canonical
 * ISO date or a yes/no word, read from the bytes (no string, no memo lookup: plain numbers and
 * timestamps are the columns of unique values); -1 for any other cell. Each shape is ASCII
 * throughout, so its text is its bytes and String.prototype.trim would leave the same text.
 */
export function bytesReading(cells: Utf8Cells, i: number): number {
  const values = cells.values;
  let start = cells.offsets[i];
  let end = cells.offsets[i + 1];
  while (start < end && isAsciiSpace(values[start])) start++;
  while (end > start && isAsciiSpace(values[end - 1])) end--;
  const short = shortPlainDecimal(values, start, end);
  if (short >= 0) {
    let flags = short & PLAIN_INTEGRAL ? READ_NUMBER | READ_INTEGER : READ_NUMBER;
    if (short & PLAIN_LEADING_ZERO) flags |= READ_LEADING_ZERO;
    // "1" and "0" are the only plain decimals parseLooseBoolean reads.
    if (end - start === 1 && (values[start] === 0x30 || values[start] === 0x31)) flags |= READ_BOOLEAN;
    return flags;
  }
  const n = short === LONG_PLAIN_DECIMAL ? readPlainDecimal(values, start, end, parsedText) : Number.NaN;
  if (!Number.isNaN(n)) {
    let flags = READ_NUMBER;
    if (Number.isInteger(n)) flags |= READ_INTEGER;
    if (parsedText.leadingZero) flags |= READ_LEADING_ZERO;
    // More than 15 significant digits need at least 16 bytes.
    if (end - start > 15 && tooManyDigitsBytes(values, start, end)) flags |= READ_LONG_DIGITS;
    return flags;
  }
  const iso = canonicalIsoBytes(values, start, end);
  if (iso !== IsoBytes.Other) return iso === IsoBytes.Invalid ? 0 : iso === IsoBytes.DateTime ? READ_DATE | READ_DATETIME : READ_DATE;
  // A yes/no word has no digit, so readingOf looks only at parseLooseBoolean for it.
  if (end - start <= 5) {
    const word = looseBooleanBytes(values, start, end);
    if (word === true || word === false) return READ_BOOLEAN | READ_BOOLEAN_WORD;
  }
  // Neither a number nor a date is written without a digit, and an ASCII text that is not one of
  // the yes/no words just ruled out (none longer than 5, none with whitespace) reads as nothing:
  // the text columns (names, categories, codes) are settled here rather than decoded.
  return asciiWithoutDigit(values, start, end) ? 0 : -1;
}

function asciiWithoutDigit(values: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const b = values[k];
    if (b >= 0x80 || (b >= 0x30 && b <= 0x39)) return false;
  }
  return true;
}

/** Adds `n` cells read as `flags`. */
function addReadings(t: Tally, flags: number, n: number): void {
  if (flags & READ_NUMBER) t.numbers += n;
  if (flags & READ_INTEGER) t.integers += n;
  if (flags & READ_LEADING_ZERO) t.leadingZero = true;
  if (flags & READ_LONG_DIGITS) t.longDigits = true;
  if (flags & READ_BOOLEAN) t.booleans += n;
  if (flags & READ_BOOLEAN_WORD) t.booleanWords += n;
  if (flags & READ_DATE) t.dates += n;
  if (flags & READ_DATETIME) t.datetimes += n;
}

/** One count per combination of READ_* flags. */
const READINGS = 256;

export interface InferenceScan {
  /** The inferred type of each column of `columns`, in that order. */
  types: TargetType[];
  /** Rows read (fewer than the dataset's when every column settled early). */
  rowsRead: number;
}

/**
 * The pass batch by batch: type-fixer runs it itself (inferTypes), or a worker runs it on the
 * batches of its input as the agent ahead writes them (type-following.ts).
 */
export class TypeInference {
  private readonly tallies: Tally[];
  private readonly readings: DistinctMemo<number>[];
  private readonly readAs: (text: string) => number;
  // The columns still being read, as positions in `columns`.
  private open: number[];
  private readonly seen = new Int32Array(READINGS);
  rowsRead = 0;
  batches = 0;

  /**
   * `columns` are indices into the dataset's columns; `rowBound` is at least the rows the
   * dataset holds (-1: not known), so a column settles as a string once no type could reach its
   * share whatever the rows left hold.
   */
  constructor(
    private readonly columns: number[],
    private readonly markers: NullMarkers,
    order: Params["date_order"],
    private readonly rowBound: number,
  ) {
    this.tallies = columns.map(newTally);
    this.readings = columns.map(() => new DistinctMemo<number>());
    this.readAs = (text: string) => readingOf(text, order);
    this.open = columns.map((_, k) => k);
  }

  /** Reads a batch's cells; true once every column is settled (no more rows can change a type). */
  add(batch: { numRows: number }, cells: Utf8Cells[]): boolean {
    const { tallies, readings, markers, readAs, seen } = this;
    for (const k of this.open) {
      const t = tallies[k];
      const memo = readings[k];
      const column = cells[this.columns[k]];
      // A column with no marker among its cells (most, in most batches) is checked for missing cells only.
      const checkMarkers = markers.hasMarkerCell(column);
      for (let i = 0; i < batch.numRows; i++) {
        if (checkMarkers ? markers.isNullCell(column, i) : isNullCell(column, i)) continue;
        t.valued++;
        const fromBytes = bytesReading(column, i);
        seen[fromBytes >= 0 ? fromBytes : memo.get((cellValue(column, i) as string).trim(), readAs)]++;
      }
      // A batch's cells counted by reading first, then added to the tally once per reading.
      for (let flags = 0; flags < READINGS; flags++) {
        if (seen[flags] === 0) continue;
        addReadings(t, flags, seen[flags]);
        seen[flags] = 0;
      }
    }
    this.rowsRead += batch.numRows;
    this.batches++;
    if (this.rowBound >= 0) this.open = this.open.filter((k) => !settledAsString(tallies[k], this.rowBound - this.rowsRead));
    return this.open.length === 0;
  }

  types(): TargetType[] {
    return this.tallies.map(infer);
  }
}

/** One pass over `primary` inferring the type of each of `columns` (indices into primary.columns). */
export async function inferTypes(
  primary: Dataset,
  columns: number[],
  markers: NullMarkers,
  order: Params["date_order"],
  signal: AbortSignal,
  progress: (rowsRead: number) => void,
): Promise<InferenceScan> {
  const inference = new TypeInference(columns, markers, order, knownRows(primary));
  for await (const { batch } of scanBatches(primary, signal)) {
    const settled = inference.add(batch, columnsOf(batch, primary.columns.length));
    progress(inference.rowsRead);
    if (settled) break;
  }
  return { types: inference.types(), rowsRead: inference.rowsRead };
}
