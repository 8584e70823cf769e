/** One row-level issue as a line of row_issues.csv. */
import type { RowLevelIssue } from "@agensium/shared";
import { truncateText } from "./bounded-report.js";
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

/**
 * The lines of issues alike but for their row and value (one agent, field, type, severity and
 * message), as rowIssueLine writes them: the fixed fields are quoted once, for an agent that
 * writes a million issues of a few kinds.
 */
export function rowIssueLineTemplate(
  agentId: string,
  issue: Omit<RowLevelIssue, "row" | "value">,
): (row: number, value: RowLevelIssue["value"]) => string {
  const text = (v: unknown) => (typeof v === "string" ? truncateText(v) : v);
  const head = `${csvField(agentId)},`;
  const middle = `,${[issue.line_number, text(issue.row_key), text(issue.field), issue.issue_type, issue.severity].map(csvField).join(",")},`;
  const tail = `,${csvField(text(issue.message))}\r\n`;
  return (row, value) => `${head}${csvField(row)}${middle}${csvField(text(value))}${tail}`;
}
