/**
 * row_issues.csv: every row-level issue of every agent, uncapped, produced in chunks as it uploads.
 * An agent's issues come from its spill file (engine/row-issue-spill.ts) when the runner wrote
 * one, else from the output's own list (a report built in memory).
 */
import type { RowLevelIssue } from "@agensium/shared";
import { spilledRowIssues } from "../engine/row-issue-spill.js";
import { rowIssueLine } from "./row-issue-line.js";
import { type RunReport, rowIssueTotal } from "./run-report.js";

const HEADER = ["agent_id", "row", "line_number", "row_key", "field", "issue_type", "severity", "value", "message"];
const CHUNK_ROWS = 5_000;

export function rowIssueCount(report: RunReport): number {
  return report.input_row_issues.length + report.agents.reduce((n, a) => n + rowIssueTotal(a), 0);
}

async function* listedChunks(agentId: string, issues: readonly RowLevelIssue[]): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder();
  for (let start = 0; start < issues.length; start += CHUNK_ROWS) {
    let text = "";
    for (const issue of issues.slice(start, start + CHUNK_ROWS)) text += rowIssueLine(agentId, issue);
    yield encoder.encode(text);
  }
}

export async function* rowIssuesCsv(report: RunReport): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(`${HEADER.join(",")}\r\n`);
  yield* listedChunks("input", report.input_row_issues);
  for (const agent of report.agents) {
    const spill = spilledRowIssues(agent);
    yield* spill ? spill.csvChunks() : listedChunks(agent.agent_id, agent.row_level_issues);
  }
}
