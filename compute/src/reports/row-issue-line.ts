/** One row-level issue as a line of row_issues.csv. */
import type { RowLevelIssue } from "@agensium/shared";
import { REPORT_STRING_LIMIT, truncateText } from "./bounded-report.js";
import { csvField } from "./csv-field.js";

/**
 * One issue's line, with its line break. Values and messages are cut like the report's (a
 * 100-million-character cell must not be copied per issue).
 */
export function rowIssueLine(agentId: string, issue: RowLevelIssue): string {
  const text = (v: unknown) => (typeof v === "string" ? truncateText(v) : v);
  const fields = [
    agentId,
    issue.row,
    issue.line_number,
    text(issue.row_key),
    text(issue.field),
    issue.issue_type,
    issue.severity,
    text(issue.value),
    text(issue.message),
  ];
  return `${fields.map(csvField).join(",")}\r\n`;
}

/** A line of rowIssueLine's around its row and its value: `${head}${row}${middle}${value}${tail}`. */
export interface RowIssueLineParts {
  head: string;
  middle: string;
  tail: string;
}

/** The fixed fields of issues alike but for their row and value, quoted once (see rowIssueLineTemplate). */
export function rowIssueLineParts(agentId: string, issue: Omit<RowLevelIssue, "row" | "value">): RowIssueLineParts {
  const text = (v: unknown) => (typeof v === "string" ? truncateText(v) : v);
  return {
    head: `${csvField(agentId)},`,
    middle: `,${[issue.line_number, text(issue.row_key), text(issue.field), issue.issue_type, issue.severity].map(csvField).join(",")},`,
    tail: `,${csvField(text(issue.message))}\r\n`,
  };
}

/**
 * The lines of issues alike but for their row and value (one agent, field, type, severity and
 * message), as rowIssueLine writes them: the fixed fields are quoted once, for an agent that
 * writes a million issues of a few kinds.
 */
export function rowIssueLineTemplate(
  agentId: string,
  issue: Omit<RowLevelIssue, "row" | "value">,
): (row: number, value: RowLevelIssue["value"]) => string {
  const { head, middle, tail } = rowIssueLineParts(agentId, issue);
  return (row, value) => `${head}${csvField(row)}${middle}${csvField(typeof value === "string" ? truncateText(value) : value)}${tail}`;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Whether csvField(truncateText(text)) is the text as it is, told from its UTF-8 bytes: nothing
 * to quote (no quote, comma or line break, no space at either end), no formula trigger first, and
 * short enough not to be cut (a text has at most as many UTF-16 units as UTF-8 bytes). A text
 * starting or ending past ASCII is left to csvField: \s also takes Unicode spaces.
 */
export function csvFieldAsIs(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start > REPORT_STRING_LIMIT) return false;
  if (end === start) return true;
  const first = bytes[start];
  const last = bytes[end - 1];
  if (first >= 0x80 || last >= 0x80 || isAsciiSpace(first) || isAsciiSpace(last)) return false;
  // = + - @ (tab and carriage return are spaces, above).
  if (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40) return false;
  for (let k = start; k < end; k++) {
    const b = bytes[k];
    if (b === QUOTE || b === COMMA || b === CR || b === LF) return false;
  }
  return true;
}

function isAsciiSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}
