import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { findTask } from "../../db/tasks.js";
import { queueTask } from "../../services/dispatch.js";
import { assertTaskReady } from "../../services/tasks-readiness.js";
import { invalidState, loadUserTask } from "./load-task.js";
import { errorResponses, jsonContent, taskIdParams, taskRouteErrors } from "./schemas.js";

export const processTaskRoute = createRoute({
  method: "post",
  path: "/tasks/{id}/process",
  operationId: "processTask",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "Check the uploads, parameters and wallet, then queue the task",
  request: { params: taskIdParams },
  responses: {
    202: jsonContent("Queued", z.object({ task_id: z.string(), status: z.literal("QUEUED") })),
    ...errorResponses({
      ...taskRouteErrors,
      402: "BILLING_INSUFFICIENT_CREDITS with {required, available}",
      409: "TASK_INVALID_STATE or UPLOAD_MISSING_FILES (naming each missing file)",
      422: "PARAMETERS_INVALID with the schema's issues; LOCALE_INVALID for an input.locale, input.decimal or input.date_order it does not know",
    }),
  },
});

const ALLOWED_FROM = ["UPLOADING"] as const;

export const processTaskHandler: RouteHandler<typeof processTaskRoute, AppEnv> = async (c) => {
  const task = await loadUserTask(c, c.req.valid("param").id, "tasks:write");
  const { config, db, storage } = c.var;
  if (task.status !== "UPLOADING") throw invalidState(task, "process", ALLOWED_FROM);
  await assertTaskReady({ db, storage }, task);
  if (!(await queueTask({ db, config }, task, ALLOWED_FROM, "process"))) {
    throw invalidState((await findTask(db, task.taskId)) ?? task, "process", ALLOWED_FROM);
  }
  return c.json({ task_id: task.taskId, status: "QUEUED" as const }, 202);
};
