import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { findTask } from "../../db/tasks.js";
import { queueTask } from "../../services/dispatch.js";
import { assertTaskReady } from "../../services/tasks-readiness.js";
import { invalidState, loadUserTask } from "./load-task.js";
import { errorResponses, jsonContent, taskIdParams, taskRouteErrors } from "./schemas.js";

export const retryTaskRoute = createRoute({
  method: "post",
  path: "/tasks/{id}/retry",
  operationId: "retryTask",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "Queue a failed or expired task again (its inputs must still be stored)",
  request: { params: taskIdParams },
  responses: {
    202: jsonContent("Queued again", z.object({ task_id: z.string(), status: z.literal("QUEUED") })),
    ...errorResponses({
      ...taskRouteErrors,
      402: "BILLING_INSUFFICIENT_CREDITS with {required, available} (agents already paid for are not charged again)",
      409: "TASK_INVALID_STATE or UPLOAD_MISSING_FILES",
      422: "PARAMETERS_INVALID",
    }),
  },
});

const ALLOWED_FROM = ["FAILED", "EXPIRED"] as const;

export const retryTaskHandler: RouteHandler<typeof retryTaskRoute, AppEnv> = async (c) => {
  const task = await loadUserTask(c, c.req.valid("param").id, "tasks:write");
  const { config, db, storage } = c.var;
  if (!ALLOWED_FROM.includes(task.status as (typeof ALLOWED_FROM)[number])) throw invalidState(task, "retry", ALLOWED_FROM);
  await assertTaskReady({ db, storage }, task);
  if (!(await queueTask({ db, config }, task, ALLOWED_FROM, "retry", { previous_error: task.errorCode }))) {
    throw invalidState((await findTask(db, task.taskId)) ?? task, "retry", ALLOWED_FROM);
  }
  return c.json({ task_id: task.taskId, status: "QUEUED" as const }, 202);
};
