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
interface CellShape {
  listed: boolean;
  kind: PiiCell["kind"];
  entity: PiiEntity;
  score: number;
  check: string | undefined;
}

/** One column's spilled cells that the report lists, in row order, with weak matches scored as the column made them. */
export class ListedCells {
  private readonly reader: LineFilesReader;
  /**
   * The middle of a line (kind, entity, score, check) takes few distinct values per column, so
   * each is parsed and judged once: the read-back then only cuts out the row and the value.
   */
  private readonly shapes = new Map<string, CellShape>();

  /** `paths`: the column's spill files, in row order (a range of rows each). */
  constructor(
    paths: readonly string[],
    readonly field: string,
    private readonly filter: CellFilter,
    private readonly p: ScoreRiskParams,
  ) {
    this.reader = new LineFilesReader(paths);
  }

  next(): PiiCell | null {
    for (let line = this.reader.read(); line !== null; line = this.reader.read()) {
      const rowEnd = line.indexOf("\t");
      // The check never holds a tab and the value's tabs are escaped, so the fifth tab ends the middle.
      let middleEnd = rowEnd;
      for (let k = 0; k < 4; k++) middleEnd = line.indexOf("\t", middleEnd + 1);
      const middle = line.slice(rowEnd + 1, middleEnd);
      let shape = this.shapes.get(middle);
      if (shape === undefined) {
        shape = this.shapeOf(middle);
        this.shapes.set(middle, shape);
      }
      if (!shape.listed) continue;
      const raw = line.slice(middleEnd + 1);
      const cell: PiiCell = {
        row: Number(line.slice(0, rowEnd)),
        field: this.field,
        entity: shape.entity,
        score: shape.score,
        value: raw.includes("\\") ? raw.replace(/\\[\\tnr]/g, (e) => UNESCAPES[e]) : raw,
        kind: shape.kind,
      };
      if (shape.check !== undefined) cell.check = shape.check;
      return cell;
    }
    return null;
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

  constructor(private readonly paths: readonly string[]) {}

  read(): string | null {
    for (;;) {
      const line = this.current?.read() ?? null;
      if (line !== null) return line;
      if (this.next >= this.paths.length) {
        this.current = null;
        return null;
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

/**
 * Hands out the columns' cells by row, then field name (localeCompare), then column order: the
 * order a stable sort of all cells gave. Each list is already in row order, so a merge of the
 * heads does it in memory bounded by the number of columns.
 */
export function mergeByRow(lists: ListedCells[], visit: (cell: PiiCell) => void): void {
  const rank = fieldRanks(lists.map((l) => l.field));
  const heads = lists.map((l) => l.next());
  // Lists with no cell left drop out, so a run with one PII column copies that column straight through.
  let open = lists.map((_, k) => k).filter((k) => heads[k] !== null);
  while (open.length > 1) {
    let best = open[0];
    for (let j = 1; j < open.length; j++) {
      const k = open[j];
      const cell = heads[k] as PiiCell;
      const top = heads[best] as PiiCell;
      if (cell.row < top.row || (cell.row === top.row && rank[k] < rank[best])) best = k;
    }
    visit(heads[best] as PiiCell);
    heads[best] = lists[best].next();
    if (heads[best] === null) open = open.filter((k) => k !== best);
  }
  if (open.length === 0) return;
  const last = open[0];
  for (let cell = heads[last]; cell !== null; cell = lists[last].next()) visit(cell);
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
