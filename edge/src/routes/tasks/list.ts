import { TASK_STATUSES } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { listUserTasks } from "../../db/tasks.js";
import { taskView } from "../../services/tasks.js";
import { errorResponses, jsonContent, taskRouteErrors, taskSchema } from "./schemas.js";

const listQuery = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  tool_id: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(40).optional().openapi({ description: "next_cursor of the previous page" }),
});

export const listTasksRoute = createRoute({
  method: "get",
  path: "/tasks",
  operationId: "listTasks",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "The user's tasks, newest first (keyset pagination)",
  request: { query: listQuery },
  responses: {
    200: jsonContent("A page of tasks", z.object({ items: z.array(taskSchema), next_cursor: z.string().nullable() })),
    ...errorResponses({ 400: "VALIDATION_ERROR", 401: taskRouteErrors[401], 403: taskRouteErrors[403], 429: taskRouteErrors[429] }),
  },
});

export const listTasksHandler: RouteHandler<typeof listTasksRoute, AppEnv> = async (c) => {
  const user = await requireUser(c, "tasks:read");
  const query = c.req.valid("query");
  // One row more than asked tells whether another page exists.
  const rows = await listUserTasks(c.var.db, {
    userId: user.id,
    status: query.status,
    toolId: query.tool_id,
    before: query.cursor,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? (page.at(-1)?.taskId ?? null) : null;
  return c.json({ items: page.map(taskView), next_cursor: nextCursor }, 200);
};
