import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { findTask, transitionTask } from "../../db/tasks.js";
import { taskView } from "../../services/tasks.js";
import { publishTaskWebhooks } from "../../services/webhooks/publish.js";
import { invalidState, loadUserTask } from "./load-task.js";
import { errorResponses, jsonContent, taskIdParams, taskRouteErrors, taskSchema } from "./schemas.js";

export const cancelTaskRoute = createRoute({
  method: "post",
  path: "/tasks/{id}/cancel",
  operationId: "cancelTask",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "Cancel a task; compute stops at its next callback",
  request: { params: taskIdParams },
  responses: {
    200: jsonContent("Cancelled", taskSchema),
    ...errorResponses({ ...taskRouteErrors, 409: "TASK_INVALID_STATE (already finished)" }),
  },
});

const ALLOWED_FROM = ["CREATED", "UPLOADING", "QUEUED", "PROCESSING"] as const;

export const cancelTaskHandler: RouteHandler<typeof cancelTaskRoute, AppEnv> = async (c) => {
  const task = await loadUserTask(c, c.req.valid("param").id, "tasks:write");
  const { db } = c.var;
  const result = await transitionTask(db, {
    taskId: task.taskId,
    from: ALLOWED_FROM,
    to: "CANCELLED",
    set: { cancelledAt: new Date() },
    eventType: "cancel",
  });
  if (result === "applied") await publishTaskWebhooks(c.var, task.taskId);
  const fresh = (await findTask(db, task.taskId)) ?? task;
  if (result !== "applied") throw invalidState(fresh, "cancel", ALLOWED_FROM);
  return c.json(taskView(fresh), 200);
};
