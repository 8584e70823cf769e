/** The structured result of one run: what report.json holds and every other writer reads. */
import { type AgentOutput, type AiSummary, REPORT_ROW_ISSUE_LIMIT, type RowLevelIssue } from "@agensium/shared";
import type { SpilledDataset } from "../engine/dataset.js";

export interface InputSummary {
  role: "primary" | "baseline";
  format: string;
  columns: string[];
  rows: number;
  size_bytes: number;
  ragged_rows: number;
}

export interface RunReport {
  task_id: string;
  tool_id: string;
  created_at: string;
  stopped_early: boolean;
  inputs: InputSummary[];
  /** Row-level findings of the reader itself (ragged rows), uncapped count, first ones kept. */
  input_row_issues: RowLevelIssue[];
  agents: AgentOutput[];
  /** Written after the agents (reports/ai-summary); absent only while they run. */
  ai_summary?: AiSummary;
}

export function summarizeInput(dataset: SpilledDataset): InputSummary {
  return {
    role: dataset.role,
    format: dataset.format,
    columns: dataset.columns,
    rows: dataset.rowCount,
    size_bytes: dataset.byteSize,
    ragged_rows: dataset.raggedRows.count,
  };
}

export function raggedRowIssues(dataset: SpilledDataset): RowLevelIssue[] {
  return dataset.raggedRows.samples.map((r) => ({
    row: r.row,
    issue_type: "ragged_row",
    value: r.fields,
    severity: "medium",
    message:
      r.fields < r.expected
        ? `${dataset.role} row ${r.row} has ${r.fields} fields, the header has ${r.expected}; the missing fields were read as null`
        : `${dataset.role} row ${r.row} has ${r.fields} fields, the header has ${r.expected}; the extra fields were dropped`,
  }));
}

/** report.json keeps the first `limit` row issues per agent (and of the reader) and says how many there were. */
export function cappedReport(report: RunReport, limit = REPORT_ROW_ISSUE_LIMIT) {
  return {
    ...report,
    input_row_issues: report.input_row_issues.slice(0, limit),
    agents: report.agents.map((agent) => ({
      ...agent,
      row_level_issues: agent.row_level_issues.slice(0, limit),
      row_level_issues_total: agent.row_level_issues.length,
    })),
  };
}

/** The small object stored on the task row: per agent status plus a few headline figures. */
/** The readiness-rater's score and grade, when it ran and succeeded (the edge's completion webhooks carry it). */
function readinessOf(report: RunReport): { score: number; grade: string } | undefined {
  const rater = report.agents.find((a) => a.agent_id === "readiness-rater" && a.status === "success");
  const data = rater?.data as { overall?: unknown; grade?: unknown } | undefined;
  if (typeof data?.overall !== "number" || !Number.isFinite(data.overall)) return undefined;
  return { score: data.overall, grade: String(data.grade ?? "") };
}

export function runSummary(report: RunReport): Record<string, unknown> {
  const primary = report.inputs.find((i) => i.role === "primary");
  const readiness = readinessOf(report);
  return {
    rows: primary?.rows ?? 0,
    columns: primary?.columns.length ?? 0,
    stopped_early: report.stopped_early,
    ...(readiness ? { readiness } : {}),
    agents: report.agents.map((agent) => ({
      agent_id: agent.agent_id,
      status: agent.status,
      execution_time_ms: agent.execution_time_ms,
      alerts: agent.alerts.length,
      critical_alerts: agent.alerts.filter((a) => a.severity === "critical").length,
      issues: agent.issues.length,
      row_issues: agent.row_level_issues.length,
      ...(agent.reason ? { reason: agent.reason } : {}),
      ...(agent.error ? { error: agent.error } : {}),
      headline: agent.executive_summary.slice(0, 3).map((s) => ({ title: s.title, value: s.value, status: s.status })),
    })),
    ...(report.ai_summary
      ? {
          ai_summary: {
            text: report.ai_summary.text.slice(0, 600),
            ai_written: report.ai_summary.ai_written,
            model: report.ai_summary.model,
          },
        }
      : {}),
  };
}
