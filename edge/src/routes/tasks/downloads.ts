import { outputKinds } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { ApiError } from "../../errors.js";
import { DOWNLOAD_URL_SECONDS, readManifest } from "../../services/tasks-outputs.js";
import { invalidState, loadUserTask } from "./load-task.js";
import { errorResponses, jsonContent, taskIdParams, taskRouteErrors } from "./schemas.js";

const downloadSchema = z.object({
  download_id: z.string(),
  file_name: z.string(),
  kind: z.enum(outputKinds),
  content_type: z.string(),
  size_bytes: z.number().int(),
  url: z.string(),
  expires_at: z.string(),
});

export const downloadsRoute = createRoute({
  method: "get",
  path: "/tasks/{id}/downloads",
  operationId: "listTaskDownloads",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "Presigned download URLs (1 hour, as attachments) for every output",
  request: { params: taskIdParams },
  responses: {
    200: jsonContent("One entry per output file", z.object({ downloads: z.array(downloadSchema) })),
    ...errorResponses({
      ...taskRouteErrors,
      404: "TASK_NOT_FOUND, or RESULTS_NOT_AVAILABLE once the outputs were removed",
      409: "TASK_INVALID_STATE unless COMPLETED (or FAILED with the outputs of the agents that ran)",
    }),
  },
});

export const downloadsHandler: RouteHandler<typeof downloadsRoute, AppEnv> = async (c) => {
  const task = await loadUserTask(c, c.req.valid("param").id, "tasks:read");
  const { storage } = c.var;
  // A run stopped for lack of credits keeps the outputs of the agents that ran.
  const partial = task.status === "FAILED" && task.manifestKey !== null;
  if (task.status !== "COMPLETED" && !partial) throw invalidState(task, "download the outputs of", ["COMPLETED"]);
  const manifest = task.isCleanedUp ? null : await readManifest(storage, task);
  if (!manifest) throw new ApiError("RESULTS_NOT_AVAILABLE", "The outputs of this task are no longer stored");
  const downloads = await Promise.all(
    manifest.outputs.map(async (output) => {
      const signed = await storage.presignGet(output.key, output.file_name, DOWNLOAD_URL_SECONDS);
      return {
        download_id: output.file_name,
        file_name: output.file_name,
        kind: output.kind,
        content_type: output.content_type,
        size_bytes: output.size_bytes,
        url: signed.url,
        expires_at: signed.expires_at,
      };
    }),
  );
  return c.json({ downloads }, 200);
};
