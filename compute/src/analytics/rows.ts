/**
 * The warehouse rows of one run, built from the job, the report as report.json holds it and
 * the outputs as they were stored. Pure: the export writes what this returns.
 */
import { type ErrorCode, type Job, type ManifestEntry, readinessOf } from "@agensium/shared";
import type { AgentOutcome } from "../engine/types.js";
import type { BoundedReport } from "../reports/bounded-report.js";
import type { AnalyticsRow } from "./tables.js";

/** A run as the warehouse sees it: how it ended for the task, and what it left behind. */
export interface FinishedRun {
  job: Job;
  /** The bucket the job's keys live in: paths are written as `s3://bucket/key`. */
  bucket: string;
  /** COMPLETED, or FAILED with the code the task gets (a run stopped for credits is FAILED with outputs). */
  status: "COMPLETED" | "FAILED";
  error?: { code: ErrorCode; message: string };
  startedAt: Date;
  endedAt: Date;
  /** Each agent that ended, as the runner heard it (the report has more; this is all a failed run has). */
  agentOutcomes: { agentId: string; outcome: AgentOutcome }[];
  /** report.json's content; absent when the run failed before writing it. */
  report?: BoundedReport;
  /** The user's downloads, each with the time it was stored. */
  outputs: { entry: ManifestEntry; createdAt: Date }[];
}

export interface AnalyticsRows {
  analysis_metadata: AnalyticsRow<"analysis_metadata">[];
  analysis_reports: AnalyticsRow<"analysis_reports">[];
  downloads: AnalyticsRow<"downloads">[];
}

export function analyticsRows(run: FinishedRun): AnalyticsRows {
  const { job, report } = run;
  const s3Path = (key: string) => `s3://${run.bucket}/${key}`;
  const primary = report?.inputs.find((i) => i.role === "primary");
  const baseline = report?.inputs.find((i) => i.role === "baseline");
  const readiness = report ? readinessOf(report) : undefined;
  const alerts = report?.agents.flatMap((a) => a.alerts);

  const metadata: AnalyticsRow<"analysis_metadata"> = {
    analysis_id: job.task_id,
    attempt: job.attempt,
    job_id: job.job_id,
    tool: job.tool_id,
    user_id: job.user_id,
    status: run.status,
    error_code: run.error?.code ?? null,
    error_message: run.error?.message ?? null,
    timestamp: run.endedAt.toISOString(),
    started_at: run.startedAt.toISOString(),
    execution_time_ms: Math.max(0, run.endedAt.getTime() - run.startedAt.getTime()),
    primary_input_path: s3Path(job.inputs.primary.key),
    primary_input_format: job.inputs.primary.format,
    primary_input_size_bytes: job.inputs.primary.size_bytes,
    baseline_input_path: job.inputs.baseline ? s3Path(job.inputs.baseline.key) : null,
    baseline_input_format: job.inputs.baseline?.format ?? null,
    row_count: primary?.rows ?? null,
    column_count: primary?.columns.length ?? null,
    baseline_row_count: baseline?.rows ?? null,
    readiness_score: readiness?.score ?? null,
    readiness_grade: readiness?.grade ?? null,
    alerts: alerts ? alerts.length : null,
    critical_alerts: alerts ? alerts.filter((a) => a.severity === "critical").length : null,
    issues: report ? report.agents.reduce((n, a) => n + a.issues.length, 0) : null,
    stopped_early: report?.stopped_early ?? null,
    agents_requested: job.agents,
    agents: report
      ? report.agents.map((a) => ({
          agent_id: a.agent_id,
          status: a.status,
          execution_time_ms: a.execution_time_ms,
          alerts: a.alerts.length,
          issues: a.issues.length,
          // report.json keeps the first row issues inline and says how many there were.
          row_issues: (a as { row_level_issues_total?: number }).row_level_issues_total ?? a.row_level_issues.length,
        }))
      : run.agentOutcomes.map(({ agentId, outcome }) => ({
          agent_id: agentId,
          status: outcome.status,
          execution_time_ms: outcome.execution_time_ms,
          ...(outcome.error_code ? { error_code: outcome.error_code } : {}),
        })),
  };

  return {
    analysis_metadata: [metadata],
    analysis_reports: report
      ? [{ analysis_id: job.task_id, attempt: job.attempt, tool: job.tool_id, created_at: report.created_at, report }]
      : [],
    downloads: run.outputs.map(({ entry, createdAt }) => ({
      // The same id GET /tasks/{id}/downloads answers with: unique within the task.
      download_id: entry.file_name,
      analysis_id: job.task_id,
      attempt: job.attempt,
      file_name: entry.file_name,
      s3_path: s3Path(entry.key),
      format: fileFormat(entry),
      kind: entry.kind,
      content_type: entry.content_type,
      size_bytes: entry.size_bytes,
      created_at: createdAt.toISOString(),
    })),
  };
}

/** The file's extension (json, html, xlsx, csv, …), or its content type for a name without one. */
function fileFormat(entry: ManifestEntry): string {
  const dot = entry.file_name.lastIndexOf(".");
  return dot > 0 && dot < entry.file_name.length - 1 ? entry.file_name.slice(dot + 1).toLowerCase() : entry.content_type;
}
