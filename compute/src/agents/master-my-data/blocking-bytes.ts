/**
 * Comparable forms written from a cell's bytes: emailKey, phoneKey, postcodeKey, idKey and
 * normalizeText (normalize.ts) give, on an ASCII cell, bytes that only case-folding, dropping
 * and slicing make, so they are produced here without decoding the cell. Blocking keys are
 * hashes of these bytes; a column of unique emails or phones (where a memo per distinct value
 * never hits) then costs no string per row. A cell holding a non-ASCII byte takes the string
 * function, since its case rules and trim are Unicode's (phones excepted: \D only knows 0–9).
 */
import { cellText, type Utf8Cells } from "../../stats/utf8-column.js";
import { appendNormalized, type ByteBuffer } from "./cell-values.js";
import type { ComparisonKind } from "./fellegi-sunter.js";
import { emailKey, idKey, postcodeKey } from "./similarity/normalize.js";

/** Appends the form's UTF-8 to out; returns its byte length (0: the form is empty). */
export type FormWriter = (cells: Utf8Cells, i: number, out: ByteBuffer) => number;

/** The kinds whose comparable form has a byte writer; names (phonetic keys) and dates (parsed) do not. */
export function formWriter(kind: ComparisonKind): FormWriter | null {
  switch (kind) {
    case "email":
      return appendEmailKey;
    case "phone":
      return appendPhoneKey;
    case "postcode":
      return appendPostcodeKey;
    case "id":
      return appendIdKey;
    case "text":
      return appendNormalizedForm;
    default:
      return null;
  }
}

const encoder = new TextEncoder();

function appendText(text: string, out: ByteBuffer): number {
  out.reserve(text.length * 3);
  const { written } = encoder.encodeInto(text, out.bytes.subarray(out.length));
  out.length += written;
  return written;
}

function hasNonAscii(v: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (v[k] >= 0x80) return true;
  return false;
}

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
}

function upper(b: number): number {
  return b >= 0x61 && b <= 0x7a ? b - 0x20 : b;
}

const GOOGLEMAIL = encoder.encode("googlemail.com");
const GMAIL = encoder.encode("gmail.com");

/** Whether the lower-cased bytes v[s, e) spell word. */
function spellsLower(v: Uint8Array, s: number, e: number, word: Uint8Array): boolean {
  if (e - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (lower(v[s + k]) !== word[k]) return false;
  return true;
}

/** emailKey on the bytes: trimmed, lower-cased, "+tag" dropped, Gmail's dots dropped. */
export function appendEmailKey(cells: Utf8Cells, i: number, out: ByteBuffer): number {
  const v = cells.values;
  let s = cells.offsets[i];
  let e = cells.offsets[i + 1];
  if (hasNonAscii(v, s, e)) return appendText(emailKey(cellText(cells, i)), out);
  while (s < e && isAsciiSpace(v[s])) s++;
  while (e > s && isAsciiSpace(v[e - 1])) e--;
  let at = e - 1;
  while (at >= s && v[at] !== 0x40) at--;
  if (at <= s || at === e - 1) return 0;
  let localEnd = at;
  // emailKey drops from the first "+", unless the address starts with one.
  if (v[s] !== 0x2b)
    for (let k = s + 1; k < at; k++) {
      if (v[k] === 0x2b) {
        localEnd = k;
        break;
      }
    }
  const gmail = spellsLower(v, at + 1, e, GOOGLEMAIL) || spellsLower(v, at + 1, e, GMAIL);
  out.reserve(e - s);
  const bytes = out.bytes;
  const from = out.length;
  let o = from;
  for (let k = s; k < localEnd; k++) if (!gmail || v[k] !== 0x2e) bytes[o++] = lower(v[k]);
  bytes[o++] = 0x40;
  if (gmail) {
    bytes.set(GMAIL, o);
    o += GMAIL.length;
  } else for (let k = at + 1; k < e; k++) bytes[o++] = lower(v[k]);
  out.length = o;
  return o - from;
}

/** phoneKey on the bytes: its digits (only ASCII bytes are digits, in any UTF-8), "00" and trunk zeros dropped, the last ten kept. */
export function appendPhoneKey(cells: Utf8Cells, i: number, out: ByteBuffer): number {
  const v = cells.values;
  const s = cells.offsets[i];
  const e = cells.offsets[i + 1];
  out.reserve(e - s);
  const bytes = out.bytes;
  const from = out.length;
  let o = from;
  for (let k = s; k < e; k++) if (v[k] >= 0x30 && v[k] <= 0x39) bytes[o++] = v[k];
  let start = from;
  if (o - start >= 2 && bytes[start] === 0x30 && bytes[start + 1] === 0x30) start += 2;
  if (o - start < 7) return 0;
  if (o - start > 10) start = o - 10;
  else while (start < o && bytes[start] === 0x30) start++;
  bytes.copyWithin(from, start, o);
  out.length = from + (o - start);
  return o - start;
}

/** postcodeKey on the bytes: upper-cased, letters and digits only. */
export function appendPostcodeKey(cells: Utf8Cells, i: number, out: ByteBuffer): number {
  return appendUpperAlnum(cells, i, out, postcodeKey);
}

/** idKey on the bytes: upper-cased, letters and digits only. */
export function appendIdKey(cells: Utf8Cells, i: number, out: ByteBuffer): number {
  return appendUpperAlnum(cells, i, out, idKey);
}

function appendUpperAlnum(cells: Utf8Cells, i: number, out: ByteBuffer, onText: (value: string) => string): number {
  const v = cells.values;
  const s = cells.offsets[i];
  const e = cells.offsets[i + 1];
  if (hasNonAscii(v, s, e)) return appendText(onText(cellText(cells, i)), out);
  out.reserve(e - s);
  const bytes = out.bytes;
  const from = out.length;
  let o = from;
  for (let k = s; k < e; k++) {
    const b = upper(v[k]);
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39)) bytes[o++] = b;
  }
  out.length = o;
  return o - from;
}

/** normalizeText of the cell (comparable "text"), as appendNormalized writes it. */
function appendNormalizedForm(cells: Utf8Cells, i: number, out: ByteBuffer): number {
  const from = out.length;
  appendNormalized(cells, i, out);
  return out.length - from;
}
