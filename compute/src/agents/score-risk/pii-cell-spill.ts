/**
 * The PII cells of one column wait in spill files while the scan runs (they can be a million),
 * one line per cell in row order, a file per range of rows; once the columns are decided they are read back, filtered as
 * the column's verdict says, and handed out in report order (by row, then field).
 */
import type * as report from "@agensium/shared";
import type { ProfileMyDataParameters } from "@agensium/shared";
import { LineFileReader } from "../../engine/line-spill.js";
import type { PiiEntity } from "../../stats/pii-entities.js";

type PiiCell = report.PiiCell;
type ScoreRiskParams = ProfileMyDataParameters["score-risk"];

/**
 * A PII cell as one line of its column's spill file (the field is the file's column):
 * row, kind, entity, score, check, value, tab-separated, the value escaped.
 */
export function cellLine(row: number, kind: PiiCell["kind"], entity: PiiEntity, score: number, value: string, check = ""): string {
  return `${row}\t${kind}\t${entity}\t${score}\t${check}\t${escapeLine(value)}\n`;
}

function escapeLine(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const UNESCAPES: Record<string, string> = { "\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r" };

/** Which of a column's spilled cells the report lists, once the column is decided. */
export interface CellFilter {
  entity: PiiEntity | null;
  promoted: Set<PiiEntity>;
  reported: Set<PiiEntity>;
}

/** What a spilled cell's kind, entity, score and check come to once the column is decided. */
export interface CellShape {
  listed: boolean;
  kind: PiiCell["kind"];
  entity: PiiEntity;
  score: number;
  check: string | undefined;
  /** What the list's reader keeps for the cells of this shape (the line's fixed parts, say). */
  memo?: unknown;
}

const TAB = 9;
const BACKSLASH = 0x5c;

/**
 * One column's spilled cells that the report lists, in row order, with weak matches scored as the
 * column made them. advance() moves to the next listed cell without decoding it: its row, shape
 * and value bytes (as spilled: escaped) are then at hand, and cell() makes the PiiCell.
 */
export class ListedCells {
  private readonly reader: LineFilesReader;
  /**
   * The middle of a line (kind, entity, score, check) takes few distinct values per column, so
   * each is parsed and judged once: the read-back then only cuts out the row and the value. The
   * last middle's bytes are kept, since a column's cells mostly repeat the one before.
   */
  private readonly shapes = new Map<string, CellShape>();
  private lastMiddle = new Uint8Array(0);
  private lastShape: CellShape | null = null;
  private readonly decoder = new TextDecoder();
  /**
   * The current cell (after advance() returned true): its row, its shape, and its value as
   * spilled (escaped), bytes[valueStart..valueEnd) of the read buffer, valid until the next advance().
   */
  row = -1;
  shape: CellShape | null = null;
  bytes: Uint8Array = new Uint8Array(0);
  valueStart = 0;
  valueEnd = 0;

  /** `paths`: the column's spill files, in row order (a range of rows each). */
  constructor(
    paths: readonly string[],
    readonly field: string,
    private readonly filter: CellFilter,
    private readonly p: ScoreRiskParams,
  ) {
    this.reader = new LineFilesReader(paths);
  }

  /** Moves to the next listed cell; false when the column has none left. */
  advance(): boolean {
    const reader = this.reader;
    while (reader.readBytes()) {
      const { bytes, start, end } = reader.line;
      let row = 0;
      let at = start;
      for (; at < end && bytes[at] !== TAB; at++) row = row * 10 + (bytes[at] - 48);
      const middleStart = at + 1;
      // The check never holds a tab and the value's tabs are escaped, so the fifth tab ends the middle.
      let middleEnd = at;
      for (let k = 0; k < 4; k++) middleEnd = bytes.indexOf(TAB, middleEnd + 1);
      const shape = this.shapeAt(bytes, middleStart, middleEnd);
      if (!shape.listed) continue;
      this.row = row;
      this.shape = shape;
      this.bytes = bytes;
      this.valueStart = middleEnd + 1;
      this.valueEnd = end;
      return true;
    }
    this.shape = null;
    return false;
  }

  /** Whether the current value's spilled bytes are its text as they are (no escape in them). */
  get valueUnescaped(): boolean {
    const { bytes, valueEnd } = this;
    // A loop, not indexOf: that would search the rest of the read buffer past the line.
    for (let k = this.valueStart; k < valueEnd; k++) if (bytes[k] === BACKSLASH) return false;
    return true;
  }

  /** The current cell. */
  cell(): PiiCell {
    const shape = this.shape as CellShape;
    const raw = this.decoder.decode(this.bytes.subarray(this.valueStart, this.valueEnd));
    const cell: PiiCell = {
      row: this.row,
      field: this.field,
      entity: shape.entity,
      score: shape.score,
      value: raw.includes("\\") ? raw.replace(/\\[\\tnr]/g, (e) => UNESCAPES[e]) : raw,
      kind: shape.kind,
    };
    if (shape.check !== undefined) cell.check = shape.check;
    return cell;
  }

  /** The next listed cell, or null. */
  next(): PiiCell | null {
    return this.advance() ? this.cell() : null;
  }

  private shapeAt(bytes: Uint8Array, start: number, end: number): CellShape {
    const last = this.lastMiddle;
    if (this.lastShape !== null && last.length === end - start) {
      let same = true;
      for (let k = 0; k < last.length; k++) {
        if (last[k] !== bytes[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastShape;
    }
    const middle = this.decoder.decode(bytes.subarray(start, end));
    let shape = this.shapes.get(middle);
    if (shape === undefined) {
      shape = this.shapeOf(middle);
      this.shapes.set(middle, shape);
    }
    this.lastMiddle = bytes.slice(start, end);
    this.lastShape = shape;
    return shape;
  }

  private shapeOf(middle: string): CellShape {
    const [kind, entity, scoreText, check] = middle.split("\t") as [PiiCell["kind"], PiiEntity, string, string];
    let score = Number(scoreText);
    const { entity: columnEntity, promoted, reported } = this.filter;
    let listed = true;
    if (kind === "pii") {
      if (columnEntity === null || !(score >= this.p.min_score || promoted.has(entity))) listed = false;
      else if (score < this.p.min_score) score = Math.min(1, score + this.p.header_boost);
    } else if (kind === "invalid" && !reported.has(entity)) listed = false;
    return { listed, kind, entity, score, check: check === "" ? undefined : check };
  }

  close(): void {
    this.reader.close();
  }
}

/** The lines of several spill files, one file after the other, one file open at a time. */
class LineFilesReader {
  private next = 0;
  private current: LineFileReader | null = null;
  /** The current line: bytes[start..end) of the file being read. */
  line: { bytes: Uint8Array; start: number; end: number } = { bytes: new Uint8Array(0), start: 0, end: 0 };

  constructor(private readonly paths: readonly string[]) {}

  readBytes(): boolean {
    for (;;) {
      const current = this.current;
      if (current?.readBytes()) {
        const line = this.line;
        line.bytes = current.bytes;
        line.start = current.start;
        line.end = current.end;
        return true;
      }
      if (this.next >= this.paths.length) {
        this.current = null;
        return false;
      }
      this.current = new LineFileReader(this.paths[this.next++]);
    }
  }

  close(): void {
    this.current?.close();
    this.current = null;
    this.next = this.paths.length;
  }
}

/** What the merge hands each listed cell to: the cell, or (when it can take them) the list positioned at it. */
export interface CellVisitor {
  cell(cell: PiiCell): void;
  /** Takes the list's current cell (ListedCells.row, shape, value), e.g. to copy its bytes on; instead of cell(). */
  listed?(list: ListedCells): void;
}

/**
 * Hands out the columns' cells by row, then field name (localeCompare), then column order: the
 * order a stable sort of all cells gave. Each list is already in row order, so a merge of the
 * heads does it in memory bounded by the number of columns.
 */
export function mergeByRow(lists: ListedCells[], visitor: CellVisitor): void {
  const rank = fieldRanks(lists.map((l) => l.field));
  const visit = visitor.listed ? visitor.listed.bind(visitor) : (list: ListedCells) => visitor.cell(list.cell());
  // Lists with no cell left drop out, so a run with one PII column copies that column straight through.
  let open = lists.map((_, k) => k).filter((k) => lists[k].advance());
  while (open.length > 1) {
    let best = open[0];
    for (let j = 1; j < open.length; j++) {
      const k = open[j];
      const row = lists[k].row;
      const top = lists[best].row;
      if (row < top || (row === top && rank[k] < rank[best])) best = k;
    }
    visit(lists[best]);
    if (!lists[best].advance()) open = open.filter((k) => k !== best);
  }
  if (open.length === 0) return;
  const last = lists[open[0]];
  do visit(last);
  while (last.advance());
}

/** Each column's place when columns are ordered by field name (localeCompare), ties in column order. */
function fieldRanks(fields: string[]): number[] {
  const order = fields.map((_, k) => k).sort((a, b) => fields[a].localeCompare(fields[b]) || a - b);
  const rank = new Array<number>(fields.length);
  order.forEach((k, r) => {
    rank[k] = r;
  });
  return rank;
}

/** Takes one cell from each column in turn until `limit`, so every PII column shows examples; sorted by row. */
export function roundRobin(lists: ListedCells[], limit: number): PiiCell[] {
  const out: PiiCell[] = [];
  const open = lists.map(() => true);
  while (out.length < limit && open.some(Boolean)) {
    for (let k = 0; k < lists.length && out.length < limit; k++) {
      if (!open[k]) continue;
      const cell = lists[k].next();
      if (cell === null) open[k] = false;
      else out.push(cell);
    }
  }
  // Sorted as the full list is: by row, then field; ties keep the order they were taken in.
  return out.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
}
