/**
 * The JSON a receiver gets. Only what a pipeline acts on: which task, how it ended, its score,
 * and where to fetch the rest with its own credentials. No presigned URLs (they would expire
 * long before the last retry), no file names, no values from the data.
 */
import type { WebhookEventType } from "@agensium/shared";
import type { Task } from "../../db/schema/index.js";

/** Error messages are bounded; the code is what a receiver should switch on. */
const MAX_ERROR_MESSAGE = 500;

export interface WebhookEventBody {
  id: string;
  type: WebhookEventType;
  created_at: string;
  data: {
    task_id: string;
    tool_id: string;
    status: Task["status"];
    attempt: number;
    error: { code: string; message: string } | null;
    readiness_score: number | null;
    readiness_grade: string | null;
    rows: number | null;
    finished_at: string;
    links: { task: string; downloads: string | null; results: string | null };
  };
}

function readinessOf(summary: Record<string, unknown> | null): { score: number; grade: string | null } | null {
  const readiness = summary?.readiness as { score?: unknown; grade?: unknown } | undefined;
  if (typeof readiness?.score !== "number" || !Number.isFinite(readiness.score)) return null;
  return { score: readiness.score, grade: typeof readiness.grade === "string" && readiness.grade ? readiness.grade : null };
}

export function webhookEventBody(id: string, type: WebhookEventType, task: Task, now: Date): WebhookEventBody {
  const completed = task.status === "COMPLETED";
  const summary = task.resultSummary ?? null;
  const readiness = completed ? readinessOf(summary) : null;
  const rows = completed && typeof summary?.rows === "number" ? summary.rows : null;
  const base = `/tasks/${task.taskId}`;
  return {
    id,
    type,
    created_at: now.toISOString(),
    data: {
      task_id: task.taskId,
      tool_id: task.toolId,
      status: task.status,
      attempt: task.attempt,
      error: task.errorCode ? { code: task.errorCode, message: (task.errorMessage ?? "").slice(0, MAX_ERROR_MESSAGE) } : null,
      readiness_score: readiness?.score ?? null,
      readiness_grade: readiness?.grade ?? null,
      rows,
      finished_at: now.toISOString(),
      links: { task: base, downloads: completed ? `${base}/downloads` : null, results: completed ? `${base}/results` : null },
    },
  };
}
