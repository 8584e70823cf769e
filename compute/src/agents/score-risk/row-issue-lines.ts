/**
 * score-risk's row issues: one per listed PII cell, worded once per shape of cell, and their
 * row_issues.csv lines, put together from the spilled cells' bytes where the value needs nothing
 * done to it (see lineBytesVisitor).
 */
import type { RowLevelIssue } from "@agensium/shared";
import { SAFE_INTEGER_DIGITS, writeDecimal } from "../../engine/line-spill.js";
import type { RowIssueSink } from "../../engine/types.js";
import { csvFieldAsIs, rowIssueLineParts, rowIssueLineTemplate } from "../../reports/row-issue-line.js";
import { ENTITY_SENSITIVITY, type PiiEntity } from "../../stats/pii-entities.js";
import type { CellShape, CellVisitor, ListedCells } from "./pii-cell-spill.js";
import type { ColumnPii, PiiCell } from "./scan-pii.js";

interface Wording extends Pick<RowLevelIssue, "issue_type" | "message" | "severity"> {
  /** The cell's row_issues.csv line from its row and value. */
  line: (row: number, value: string) => string;
}

/** The row issue of one listed PII cell (its value already masked by the scan), and its row_issues.csv line. */
export function rowIssuesOf(
  columns: readonly ColumnPii[],
  agentId: string,
): { issue(cell: PiiCell): RowLevelIssue; line(cell: PiiCell): string; wording(cell: PiiCell): Wording } {
  // Ordered as the alerts are (riskiest first), so a repeated column name resolves as it always did.
  const pii = columns.filter((c) => c.entity !== null).sort((a, b) => b.risk_score - a.risk_score);
  const bySensitivity = new Map(pii.map((c) => [c.name, c.entity as PiiEntity]));
  // A column's cells come in few shapes (kind, entity, score, check), each worded once, its
  // line's fixed fields quoted once: a million cells then cost a row and a value each.
  const worded = new Map<string, Wording>();
  const wording = (cell: PiiCell): Wording => {
    const what = cell.entity.replaceAll("_", " ");
    const words: Pick<RowLevelIssue, "issue_type" | "message" | "severity"> =
      cell.kind === "invalid"
        ? { issue_type: `invalid_${cell.entity}`, message: `shaped like ${what} but fails the ${cell.check}`, severity: "medium" }
        : cell.kind === "embedded"
          ? {
              issue_type: `pii_embedded_${cell.entity}`,
              message: `${what} written inside the text`,
              severity: ENTITY_SENSITIVITY[cell.entity] >= 0.9 ? "high" : "medium",
            }
          : {
              issue_type: `pii_${cell.entity}`,
              message: `${what} (confidence ${cell.score.toFixed(2)})`,
              severity: ENTITY_SENSITIVITY[bySensitivity.get(cell.field) ?? cell.entity] >= 0.9 ? "high" : "medium",
            };
    return { ...words, line: rowIssueLineTemplate(agentId, { field: cell.field, ...words }) };
  };
  // Cells come by row, so runs of one column's cells of one shape are the rule: the last shape is tried first.
  const sameShape = (a: PiiCell, b: PiiCell) =>
    a.field === b.field && a.kind === b.kind && a.entity === b.entity && a.score === b.score && a.check === b.check;
  let last: { cell: PiiCell; words: Wording } | null = null;
  const wordsOf = (cell: PiiCell): Wording => {
    if (last === null || !sameShape(cell, last.cell)) {
      const key = `${cell.field}\t${cell.kind}\t${cell.entity}\t${cell.score}\t${cell.check}`;
      let words = worded.get(key);
      if (words === undefined) {
        words = wording(cell);
        worded.set(key, words);
      }
      last = { cell, words };
    }
    return last.words;
  };
  return {
    issue(cell) {
      const words = wordsOf(cell);
      // The keys in the order report.json has always shown them.
      return {
        row: cell.row,
        field: cell.field,
        issue_type: words.issue_type,
        value: cell.value,
        message: words.message,
        severity: words.severity,
      };
    },
    line: (cell) => wordsOf(cell).line(cell.row, cell.value),
    wording: wordsOf,
  };
}

const encoder = new TextEncoder();

/**
 * The visitor that writes each listed cell's row_issues.csv line to a sink taking bytes. Most cells
 * (a million e-mails) have a value their line shows as it was spilled, so the line is put
 * together from the spill's bytes and the shape's fixed parts, never decoded; any other cell
 * goes through its PiiCell and rowIssueLine's wording. Both give the same bytes.
 */
export function lineBytesVisitor(
  rows: ReturnType<typeof rowIssuesOf>,
  agentId: string,
  addBytes: NonNullable<RowIssueSink["addBytes"]>,
): CellVisitor {
  let line = new Uint8Array(4096);
  /** The line's bytes around the row and the value, kept on each shape of each list. */
  const partsOf = (list: ListedCells): LineParts => {
    const shape = list.shape as CellShape;
    if (shape.memo === undefined) {
      const words = rows.wording(list.cell());
      const parts = rowIssueLineParts(agentId, { field: list.field, ...words });
      shape.memo = { head: encoder.encode(parts.head), middle: encoder.encode(parts.middle), tail: encoder.encode(parts.tail) };
    }
    return shape.memo as LineParts;
  };
  // One closure for every cell's issue (the list at hand when addBytes calls it), not one per cell.
  let current: ListedCells | null = null;
  const issueOfCurrent = () => rows.issue((current as ListedCells).cell());
  const viaText = (cell: PiiCell) => {
    const text = encoder.encode(rows.line(cell));
    addBytes(text, 0, text.length, () => rows.issue(cell));
  };
  return {
    cell: viaText,
    listed(list) {
      const { bytes: value, valueStart: start, valueEnd: end } = list;
      if (!list.valueUnescaped || !csvFieldAsIs(value, start, end)) {
        viaText(list.cell());
        return;
      }
      const { head, middle, tail } = partsOf(list);
      const size = head.length + SAFE_INTEGER_DIGITS + middle.length + (end - start) + tail.length;
      if (line.length < size) line = new Uint8Array(size * 2);
      line.set(head, 0);
      let at = writeDecimal(line, head.length, list.row);
      line.set(middle, at);
      at += middle.length;
      // A loop, not subarray and set: a value is a few dozen bytes, and a view per cell is garbage.
      for (let k = start; k < end; k++) line[at++] = value[k];
      line.set(tail, at);
      at += tail.length;
      current = list;
      addBytes(line, 0, at, issueOfCurrent);
    },
  };
}

interface LineParts {
  head: Uint8Array;
  middle: Uint8Array;
  tail: Uint8Array;
}
