import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { deleteTaskRow, findTask, transitionTask } from "../../db/tasks.js";
import { taskPrefix } from "../../services/tasks.js";
import { publishTaskWebhooks } from "../../services/webhooks/publish.js";
import { invalidState, loadUserTask } from "./load-task.js";
import { errorResponses, taskIdParams, taskRouteErrors } from "./schemas.js";

export const deleteTaskRoute = createRoute({
  method: "delete",
  path: "/tasks/{id}",
  operationId: "deleteTask",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "Delete a task and every file it stored",
  request: { params: taskIdParams },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses({ ...taskRouteErrors, 409: "TASK_INVALID_STATE while PROCESSING (cancel it first)" }),
  },
});

const NOT_STARTED = ["CREATED", "UPLOADING", "QUEUED"] as const;

export const deleteTaskHandler: RouteHandler<typeof deleteTaskRoute, AppEnv> = async (c) => {
  const task = await loadUserTask(c, c.req.valid("param").id, "tasks:write");
  const { db, storage } = c.var;
  // A task that has not started is cancelled first, so no consumer picks it up mid-delete.
  if (NOT_STARTED.includes(task.status as (typeof NOT_STARTED)[number])) {
    const cancelled = await transitionTask(db, {
      taskId: task.taskId,
      from: NOT_STARTED,
      to: "CANCELLED",
      set: { cancelledAt: new Date() },
      eventType: "delete",
    });
    if (cancelled === "applied") await publishTaskWebhooks(c.var, task.taskId);
  }
  const current = (await findTask(db, task.taskId)) ?? task;
  if (current.status === "PROCESSING")
    throw invalidState(current, "delete", ["CREATED", "UPLOADING", "QUEUED", "COMPLETED", "FAILED", "CANCELLED", "EXPIRED"]);
  for (const input of Object.values(current.inputs ?? {})) {
    if (input?.upload_id && !input.completed) await storage.abortMultipartUpload(input.key, input.upload_id);
  }
  await storage.deletePrefix(taskPrefix(task.userId, task.taskId));
  await deleteTaskRow(db, task.taskId);
  return c.body(null, 204);
};
