/**
 * Null markers (NA, None, -, …): the one rule every cleaning agent reads a cell by. A cell is
 * null when it is missing, blank, or holds one of the markers, compared trimmed and case-blind.
 * The list is each agent's `null_markers` parameter (default DEFAULT_NULL_MARKERS in shared/).
 */
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { isAsciiSpace } from "./distinct-memo.js";

const decoder = new TextDecoder();

function lowerAscii(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}

export class NullMarkers {
  private readonly markers: Set<string>;
  /** The ASCII markers as bytes, for cells settled without decoding. */
  private readonly asciiMarkers: Uint8Array[];
  /** Longest marker in bytes: a longer cell (beyond its padding) is never decoded to check. */
  readonly longest: number;
  /**
   * Bytes past which a cell whose trimmed text starts and ends with ASCII cannot be a marker
   * whatever it holds between: lower-casing never merges code points and a code point takes at
   * most 4 bytes, so such a text has more code points than any marker. The long cells of every
   * column (text, emails, timestamps) are settled by this without reading their bytes.
   */
  private readonly reach: number;
  /**
   * 1 for the ASCII bytes a marker's lower-cased text can start with, in either case. A cell whose
   * first byte is ASCII and not a space starts its trimmed text with that character, and
   * lower-casing changes an ASCII character only A–Z to a–z, so when the byte is 0 here the cell
   * is no marker: most cells (digits, words, dates) are settled by that one byte.
   */
  private readonly firstBytes = new Uint8Array(128);

  constructor(markers: readonly string[]) {
    this.markers = new Set(markers.map((m) => m.trim().toLowerCase()));
    for (const m of this.markers) {
      const first = m.charCodeAt(0);
      if (!(first < 0x80)) continue;
      this.firstBytes[first] = 1;
      if (first >= 0x61 && first <= 0x7a) this.firstBytes[first - 0x20] = 1;
    }
    this.longest = Math.max(0, ...[...this.markers].map((m) => Buffer.byteLength(m)));
    this.asciiMarkers = [...this.markers].filter((m) => Buffer.byteLength(m) === m.length).map((m) => Buffer.from(m, "latin1"));
    this.reach = 4 * this.longest;
  }

  /** True for null, blank text, or a marker. */
  isNull(value: string | null): boolean {
    if (value === null) return true;
    const text = value.trim();
    return text === "" || this.markers.has(text.toLowerCase());
  }

  /** isNull on a cell of a batch, decoding only cells short enough to be a marker. */
  isNullCell(cells: Utf8Cells, i: number): boolean {
    if (isNullCell(cells, i)) return true;
    const start = cells.offsets[i];
    const end = cells.offsets[i + 1];
    if (end === start) return true;
    // Surrounding spaces are allowed; 16 bytes of them is already unusual.
    if (end - start > this.longest + 16) return false;
    const ascii = this.asciiMarkerAt(cells.values, start, end);
    return ascii ?? this.isNull(decoder.decode(cells.values.subarray(start, end)));
  }

  /** isNull(cell text) exactly, whatever the cell's length: an ASCII cell is compared as bytes, any other decoded. */
  isNullCellExact(cells: Utf8Cells, i: number): boolean {
    if (isNullCell(cells, i)) return true;
    const values = cells.values;
    const start = cells.offsets[i];
    const end = cells.offsets[i + 1];
    let s = start;
    let e = end;
    while (s < e && isAsciiSpace(values[s])) s++;
    if (s === e) return true;
    while (isAsciiSpace(values[e - 1])) e--;
    if (values[s] < 0x80 && this.firstBytes[values[s]] === 0) return false;
    if (e - s > this.reach && values[s] < 0x80 && values[e - 1] < 0x80) return false;
    return this.asciiMarkerAt(values, start, end) ?? this.isNull(decoder.decode(values.subarray(start, end)));
  }

  /**
   * Whether some cell of the column that is not missing is blank or a marker (isNullCellExact):
   * most cells are settled by their first byte in this loop (see firstBytes), the rest by
   * isNullCellExact, so a column with none takes no call per cell. isNullCell calls a present
   * cell null only when isNullCellExact does (it reads short cells the same way and calls no long
   * one null), so a column without such a cell has none for either test.
   */
  hasMarkerCell(cells: Utf8Cells): boolean {
    const { values, offsets, length } = cells;
    const firstBytes = this.firstBytes;
    for (let i = 0; i < length; i++) {
      const start = offsets[i];
      if (offsets[i + 1] > start) {
        const first = values[start];
        if (first < 0x80 && firstBytes[first] === 0 && !isAsciiSpace(first)) continue;
      }
      if (!isNullCell(cells, i) && this.isNullCellExact(cells, i)) return true;
    }
    return false;
  }

  /**
   * isNull of an ASCII cell read from its bytes (trim strips only ASCII whitespace from it, and
   * lower-casing it changes only A–Z), as a short cell is checked on every row of every column;
   * undefined when the cell holds a non-ASCII byte and must be decoded. A cell whose first byte
   * no marker starts with is settled by that byte alone (see firstBytes), whatever follows it.
   */
  private asciiMarkerAt(values: Uint8Array, start: number, end: number): boolean | undefined {
    const first = values[start];
    if (first < 0x80 && this.firstBytes[first] === 0 && !isAsciiSpace(first)) return false;
    for (let k = start; k < end; k++) if (values[k] >= 0x80) return undefined;
    while (start < end && isAsciiSpace(values[start])) start++;
    while (end > start && isAsciiSpace(values[end - 1])) end--;
    if (start === end) return true;
    return this.isAsciiMarker(values, start, end);
  }

  /**
   * has(lower-cased text of values[start, end)), the bytes taken as they are (no trimming): by
   * the first byte (see firstBytes), then as bytes when ASCII; only other text is decoded. Type
   * inference asks this of every short text cell of every column (country codes, categories).
   */
  hasBytes(values: Uint8Array, start: number, end: number): boolean {
    if (start === end) return this.markers.has("");
    const first = values[start];
    if (first < 0x80 && this.firstBytes[first] === 0) return false;
    for (let k = start; k < end; k++) {
      if (values[k] >= 0x80) return this.markers.has(decoder.decode(values.subarray(start, end)).toLowerCase());
    }
    return this.isAsciiMarker(values, start, end);
  }

  /** Whether the ASCII bytes values[start, end), lower-cased, are one of the ASCII markers. */
  private isAsciiMarker(values: Uint8Array, start: number, end: number): boolean {
    for (const marker of this.asciiMarkers) {
      if (marker.length !== end - start) continue;
      let k = 0;
      while (k < marker.length && lowerAscii(values[start + k]) === marker[k]) k++;
      if (k === marker.length) return true;
    }
    return false;
  }

  /** Whether already trimmed, lower-cased text is a marker. */
  has(lowerTrimmed: string): boolean {
    return this.markers.has(lowerTrimmed);
  }
}
