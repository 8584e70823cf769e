import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { taskView } from "../../services/tasks.js";
import { loadUserTaskView } from "./load-task.js";
import { errorResponses, jsonContent, taskIdParams, taskRouteErrors, taskSchema } from "./schemas.js";

export const getTaskRoute = createRoute({
  method: "get",
  path: "/tasks/{id}",
  operationId: "getTask",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "A task's status, progress, error and result summary",
  request: { params: taskIdParams },
  responses: { 200: jsonContent("The task", taskSchema), ...errorResponses(taskRouteErrors) },
});

export const getTaskHandler: RouteHandler<typeof getTaskRoute, AppEnv> = async (c) => {
  const task = await loadUserTaskView(c, c.req.valid("param").id);
  return c.json(taskView(task), 200);
};
