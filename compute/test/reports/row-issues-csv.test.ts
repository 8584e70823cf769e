import type { AgentOutput } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { csvField } from "../../src/reports/csv-field.js";
import { rowIssuesCsv } from "../../src/reports/row-issues-csv.js";
import { cappedReport, type RunReport, runSummary } from "../../src/reports/run-report.js";
import { readAll } from "../readers/read-all.js";

function agent(id: string, rows: number): AgentOutput {
  return {
    status: "success",
    agent_id: id,
    execution_time_ms: 5,
    alerts: [{ id: "a", severity: "critical", category: "pii", message: "card numbers" }],
    issues: [],
    recommendations: [],
    row_level_issues: Array.from({ length: rows }, (_, i) => ({
      row: i + 1,
      field: "note",
      issue_type: "odd",
      value: i % 2 ? `x, "${i}"` : i,
      message: " leading space",
      severity: "low" as const,
    })),
    executive_summary: [{ title: "Score", value: 90, status: "good", description: "" }],
    data: null,
  };
}

const report: RunReport = {
  task_id: "tsk_1",
  tool_id: "profile-my-data",
  created_at: "2026-01-01T00:00:00Z",
  stopped_early: false,
  inputs: [
    {
      role: "primary",
      format: "csv",
      columns: ["a", "b"],
      rows: 12_000,
      size_bytes: 10,
      ragged_rows: 0,
      ragged_rows_without_text: 0,
      alerts: [],
    },
  ],
  input_row_issues: [],
  agents: [agent("score-risk", 12_345), agent("governance-checker", 0)],
};

async function text(chunks: AsyncIterable<Uint8Array>) {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString("utf8");
}

describe("row_issues.csv", () => {
  it("quotes only what needs quoting", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField(null)).toBe("");
    expect(csvField(0)).toBe("0");
  });

  it("holds every row issue, uncapped, and reads back to the same values", async () => {
    const csv = await text(rowIssuesCsv(report));
    const parsed = await readAll("csv", csv);
    expect(parsed.columns).toEqual(["agent_id", "row", "line_number", "row_key", "field", "issue_type", "severity", "value", "message"]);
    expect(parsed.rows).toHaveLength(12_345);
    expect(parsed.rows[0]).toEqual(["score-risk", "1", "", "", "note", "odd", "low", "0", " leading space"]);
    expect(parsed.rows[12_343]).toEqual(["score-risk", "12344", "", "", "note", "odd", "low", 'x, "12343"', " leading space"]);
  });

  it("report.json keeps the first 1,000 per agent with the true total, and the task summary stays small", () => {
    const capped = cappedReport(report);
    expect(capped.agents[0].row_level_issues).toHaveLength(1_000);
    expect(capped.agents[0].row_level_issues_total).toBe(12_345);
    expect(capped.agents[1].row_level_issues_total).toBe(0);
    const summary = runSummary(report);
    expect(summary).toMatchObject({ rows: 12_000, columns: 2, stopped_early: false });
    expect((summary.agents as { critical_alerts: number; row_issues: number }[])[0]).toMatchObject({
      critical_alerts: 1,
      row_issues: 12_345,
    });
    expect(JSON.stringify(summary).length).toBeLessThan(2_000);
  });
});
