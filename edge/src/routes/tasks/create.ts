import { findTool, newId, resolveAgents } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { findTaskByIdempotencyKey, findUserTask, insertTask, isDuplicateKeyError } from "../../db/tasks.js";
import { ApiError } from "../../errors.js";
import { taskView } from "../../services/tasks.js";
import { errorResponses, jsonBody, jsonContent, taskRouteErrors, taskSchema } from "./schemas.js";

const createTaskBody = z
  .object({
    tool_id: z.string().min(1).max(100).openapi({ example: "profile-my-data" }),
    agents: z
      .array(z.string().min(1).max(100))
      .max(50)
      .optional()
      .openapi({ description: "A subset of the tool's agents; all when absent" }),
  })
  .strict();

export const createTaskRoute = createRoute({
  method: "post",
  path: "/tasks",
  operationId: "createTask",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "Create a task for a tool (status CREATED)",
  request: {
    headers: z.object({ "idempotency-key": z.string().min(1).max(191).optional() }),
    body: jsonBody(createTaskBody),
  },
  responses: {
    201: jsonContent("The task; the same one again for a repeated Idempotency-Key", taskSchema),
    ...errorResponses({
      400: "VALIDATION_ERROR or AGENT_NOT_IN_TOOL",
      ...taskRouteErrors,
      404: "TOOL_NOT_FOUND",
      409: "IDEMPOTENCY_CONFLICT: the key was used for a different request",
    }),
  },
});

export const createTaskHandler: RouteHandler<typeof createTaskRoute, AppEnv> = async (c) => {
  const user = await requireUser(c, "tasks:write");
  const { db } = c.var;
  const body = c.req.valid("json");
  const idempotencyKey = c.req.valid("header")["idempotency-key"];
  const tool = findTool(body.tool_id);
  if (!tool) throw new ApiError("TOOL_NOT_FOUND", `No tool ${body.tool_id}`, { tool_id: body.tool_id });
  const resolved = resolveAgents(tool, body.agents);
  if (!resolved.ok) {
    throw new ApiError("AGENT_NOT_IN_TOOL", `Not agents of ${tool.id}: ${resolved.unknown.join(", ")}`, {
      unknown_agents: resolved.unknown,
      tool_agents: tool.agents.map((a) => a.id),
    });
  }

  const sameRequest = (existing: { toolId: string; agents: string[] }) =>
    existing.toolId === tool.id && existing.agents.join(",") === resolved.agents.join(",");
  const replay = async () => {
    const existing = idempotencyKey ? await findTaskByIdempotencyKey(db, user.id, idempotencyKey) : undefined;
    if (!existing) return undefined;
    if (!sameRequest(existing)) {
      throw new ApiError("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was used for a different task", { task_id: existing.taskId });
    }
    return c.json(taskView(existing), 201);
  };

  const earlier = await replay();
  if (earlier) return earlier;
  const taskId = newId("task");
  try {
    await insertTask(db, { taskId, userId: user.id, toolId: tool.id, agents: resolved.agents, status: "CREATED", idempotencyKey });
  } catch (err) {
    // Two requests with one key raced: the other one created the task.
    if (idempotencyKey && isDuplicateKeyError(err)) {
      const raced = await replay();
      if (raced) return raced;
    }
    throw err;
  }
  const task = await findUserTask(db, user.id, taskId);
  if (!task) throw new Error(`task ${taskId} vanished after insert`);
  return c.json(taskView(task), 201);
};
