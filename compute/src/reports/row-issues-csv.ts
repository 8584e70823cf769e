/** row_issues.csv: every row-level issue of every agent, uncapped, produced in chunks as it uploads. */
import type { RowLevelIssue } from "@agensium/shared";
import { truncateText } from "./bounded-report.js";
import { csvField } from "./csv-field.js";
import type { RunReport } from "./run-report.js";

const HEADER = ["agent_id", "row", "line_number", "row_key", "field", "issue_type", "severity", "value", "message"];
const CHUNK_ROWS = 5_000;

/** Values and messages are cut like the report's (a 100-million-character cell must not be copied per issue). */
function line(agentId: string, issue: RowLevelIssue): string {
  const text = (v: unknown) => (typeof v === "string" ? truncateText(v) : v);
  return [
    agentId,
    issue.row,
    issue.line_number,
    text(issue.row_key),
    text(issue.field),
    issue.issue_type,
    issue.severity,
    text(issue.value),
    text(issue.message),
  ]
    .map(csvField)
    .join(",");
}

export function rowIssueCount(report: RunReport): number {
  return report.input_row_issues.length + report.agents.reduce((n, a) => n + a.row_level_issues.length, 0);
}

export async function* rowIssuesCsv(report: RunReport): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder();
  let lines: string[] = [HEADER.join(",")];
  const sections: [string, RowLevelIssue[]][] = [
    ["input", report.input_row_issues],
    ...report.agents.map((a): [string, RowLevelIssue[]] => [a.agent_id, a.row_level_issues]),
  ];
  for (const [agentId, issues] of sections) {
    for (const issue of issues) {
      lines.push(line(agentId, issue));
      if (lines.length >= CHUNK_ROWS) {
        yield encoder.encode(`${lines.join("\r\n")}\r\n`);
        lines = [];
      }
    }
  }
  if (lines.length > 0) yield encoder.encode(`${lines.join("\r\n")}\r\n`);
}
