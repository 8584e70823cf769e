/** row_issues.csv: every row-level issue of every agent, uncapped, produced in chunks as it uploads. */
import type { RowLevelIssue } from "@agensium/shared";
import { csvField } from "./csv-field.js";
import type { RunReport } from "./run-report.js";

const HEADER = ["agent_id", "row", "row_key", "field", "issue_type", "severity", "value", "message"];
const CHUNK_ROWS = 5_000;

function line(agentId: string, issue: RowLevelIssue): string {
  return [agentId, issue.row, issue.row_key, issue.field, issue.issue_type, issue.severity, issue.value, issue.message]
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
