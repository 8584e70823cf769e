/**
 * Null markers (NA, None, -, …): the one rule every cleaning agent reads a cell by. A cell is
 * null when it is missing, blank, or holds one of the markers, compared trimmed and case-blind.
 * The list is each agent's `null_markers` parameter (default DEFAULT_NULL_MARKERS in shared/).
 */
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";

const decoder = new TextDecoder();

export class NullMarkers {
  private readonly markers: Set<string>;
  /** Longest marker in bytes: a longer cell (beyond its padding) is never decoded to check. */
  readonly longest: number;

  constructor(markers: readonly string[]) {
    this.markers = new Set(markers.map((m) => m.trim().toLowerCase()));
    this.longest = Math.max(0, ...[...this.markers].map((m) => Buffer.byteLength(m)));
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
    return this.isNull(decoder.decode(cells.values.subarray(start, end)));
  }

  /** Whether already trimmed, lower-cased text is a marker. */
  has(lowerTrimmed: string): boolean {
    return this.markers.has(lowerTrimmed);
  }
}
