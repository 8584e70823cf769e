/**
 * The V1 answer of POST /analyze: the agents' outputs keyed by agent id and the downloads, now as
 * presigned URLs instead of base64 bodies (download_id, file_name, type and mimeType kept).
 */
import { z } from "@hono/zod-openapi";
import type { Task } from "../../db/schema/index.js";
import type { Storage } from "../../services/storage.js";
import { DOWNLOAD_URL_SECONDS, readManifest } from "../../services/tasks-outputs.js";

/** report.json is inlined as `results` up to this size; past it the answer points at /results. */
const INLINE_REPORT_BYTES = 8 * 1024 * 1024;

export const v1DownloadSchema = z.object({
  download_id: z.string(),
  file_name: z.string(),
  type: z.string().openapi({ description: "report, data, quarantine, row_issues, …" }),
  mimeType: z.string(),
  size_bytes: z.number().int(),
  url: z.string().openapi({ description: "Presigned GET, valid for an hour" }),
  expires_at: z.string(),
});

export const v1ResponseSchema = z
  .object({
    analysis_id: z.string().openapi({ description: "The task id (V2 clients: GET /tasks/{id})" }),
    task_id: z.string(),
    tool_id: z.string(),
    status: z.literal("success"),
    execution_time_ms: z.number().int(),
    results: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "Each agent's output keyed by agent id (null when the report is too large: read results_url)" }),
    results_url: z.string(),
    downloads: z.array(v1DownloadSchema),
  })
  .openapi("AnalyzeV1Result");

export async function v1Response(storage: Storage, task: Task) {
  const manifest = await readManifest(storage, task);
  const outputs = manifest?.outputs ?? [];
  const downloads = await Promise.all(
    outputs.map(async (output) => {
      const signed = await storage.presignGet(output.key, output.file_name, DOWNLOAD_URL_SECONDS);
      return {
        download_id: output.file_name,
        file_name: output.file_name,
        type: output.kind,
        mimeType: output.content_type,
        size_bytes: output.size_bytes,
        url: signed.url,
        expires_at: signed.expires_at,
      };
    }),
  );
  const report = outputs.find((o) => o.kind === "report" && o.file_name === "report.json");
  let results: Record<string, unknown> | null = null;
  if (report && report.size_bytes <= INLINE_REPORT_BYTES) {
    const object = await storage.get(report.key);
    const parsed = object ? ((await object.json()) as { agents?: { agent_id: string }[] }) : undefined;
    results = Object.fromEntries((parsed?.agents ?? []).map((agent) => [agent.agent_id, agent]));
  }
  const started = task.processingStartedAt ?? task.queuedAt ?? task.createdAt;
  const ended = task.completedAt ?? new Date();
  return {
    analysis_id: task.taskId,
    task_id: task.taskId,
    tool_id: task.toolId,
    status: "success" as const,
    execution_time_ms: Math.max(0, ended.getTime() - started.getTime()),
    results,
    results_url: `/tasks/${task.taskId}/results`,
    downloads,
  };
}
