/** The structured result of one run: what report.json holds and every other writer reads. */
import type * as report from "@agensium/shared";
import { type AgentOutput, type Alert, REPORT_ROW_ISSUE_LIMIT, type RowLevelIssue } from "@agensium/shared";
import type { SpilledDataset } from "../engine/dataset.js";

/** Line numbers of ragged records named in an alert's message. */
const ALERT_LINES = 20;

export type InputSummary = report.InputSummary;

/**
 * report.json's envelope as the schema in shared/src/report/report.ts has it, with every agent's
 * output before bounding (its row issues uncapped; the per-agent `data` types are checked where
 * each agent builds them). Row-level findings of the reader itself (ragged rows): the first ones kept.
 * `ai_summary` is written after the agents (reports/ai-summary); absent only while they run.
 */
export type RunReport = Omit<report.ReportJson, "agents" | "truncation"> & { agents: AgentOutput[] };

export function summarizeInput(dataset: SpilledDataset): InputSummary {
  return {
    role: dataset.role,
    format: dataset.format,
    columns: dataset.columns,
    rows: dataset.rowCount,
    size_bytes: dataset.byteSize,
    ragged_rows: dataset.raggedRows.count,
    ragged_rows_without_text: dataset.raggedRows.rawDropped,
    alerts: [...raggedAlerts(dataset), ...dataset.notes],
    ...(dataset.workbook ? { sheets: dataset.workbook.sheets, sheet: dataset.workbook.sheet } : {}),
  };
}

function raggedAlerts(dataset: SpilledDataset): Alert[] {
  const { count, samples } = dataset.raggedRows;
  if (count === 0) return [];
  const lines = samples.slice(0, ALERT_LINES).map((r) => r.line);
  const more = count > lines.length ? ` and ${count - lines.length} more` : "";
  return [
    {
      id: `${dataset.role}-ragged-rows`,
      severity: "high",
      category: "structure",
      message: `${count} ${count === 1 ? "record" : "records"} of the ${dataset.role} input had a different number of fields than the header and were left out of the analysis (line ${lines.join(", ")}${more}); clean-my-data's quarantine.csv keeps each one verbatim`,
      metric: "ragged_rows",
      value: count,
    },
  ];
}

export function raggedRowIssues(dataset: SpilledDataset): RowLevelIssue[] {
  return dataset.raggedRows.samples.map((r) => ({
    row: r.row,
    line_number: r.line,
    issue_type: "ragged_row",
    value: r.raw,
    severity: "high",
    message: `${dataset.role} line ${r.line} (row ${r.row}) has ${r.fields} fields, the header has ${r.expected}; the record was left out of the analysis`,
  }));
}

/** How many issues an output found in all (its list holds only the first ones once spilled). */
export function rowIssueTotal(agent: AgentOutput): number {
  return agent.row_level_issues_total ?? agent.row_level_issues.length;
}

/** report.json keeps the first `limit` row issues per agent (and of the reader) and says how many there were. */
export function cappedReport(report: RunReport, limit = REPORT_ROW_ISSUE_LIMIT) {
  return {
    ...report,
    input_row_issues: report.input_row_issues.slice(0, limit),
    agents: report.agents.map(({ row_level_issues_total, ...agent }) => ({
      ...agent,
      row_level_issues: agent.row_level_issues.slice(0, limit),
      row_level_issues_total: row_level_issues_total ?? agent.row_level_issues.length,
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

export function runSummary(report: RunReport): report.RunSummary {
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
      row_issues: rowIssueTotal(agent),
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
