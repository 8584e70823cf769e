import { reportSchema } from "@agensium/shared";
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { ApiError } from "../../errors.js";
import { readManifest } from "../../services/tasks-outputs.js";
import { invalidState, loadUserTask } from "./load-task.js";
import { errorResponses, taskIdParams, taskRouteErrors } from "./schemas.js";

export const resultsRoute = createRoute({
  method: "get",
  path: "/tasks/{id}/results",
  operationId: "getTaskResults",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "The task's report.json, streamed from storage",
  request: { params: taskIdParams },
  responses: {
    200: {
      description: "report.json: the envelope and each agent's output",
      content: { "application/json": { schema: reportSchema.openapi("Report") } },
    },
    ...errorResponses({
      ...taskRouteErrors,
      404: "TASK_NOT_FOUND, or RESULTS_NOT_AVAILABLE once the outputs were removed",
      409: "TASK_INVALID_STATE unless COMPLETED (or FAILED with the outputs of the agents that ran)",
    }),
  },
});

export const resultsHandler: RouteHandler<typeof resultsRoute, AppEnv> = async (c) => {
  const task = await loadUserTask(c, c.req.valid("param").id, "tasks:read");
  const { storage } = c.var;
  // A run stopped for lack of credits keeps the outputs of the agents that ran.
  const partial = task.status === "FAILED" && task.manifestKey !== null;
  if (task.status !== "COMPLETED" && !partial) throw invalidState(task, "read the results of", ["COMPLETED"]);
  const manifest = task.isCleanedUp ? null : await readManifest(storage, task);
  const report = manifest?.outputs.find((o) => o.kind === "report" && o.file_name === "report.json");
  const object = report ? await storage.get(report.key) : null;
  if (!object?.body) throw new ApiError("RESULTS_NOT_AVAILABLE", "The report of this task is no longer stored");
  return new Response(object.body, {
    status: 200,
    headers: {
      "content-type": "application/json",
      ...(object.headers.get("content-length") ? { "content-length": object.headers.get("content-length") as string } : {}),
      "x-request-id": c.var.requestId,
    },
  }) as never;
};
