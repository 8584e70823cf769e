import { findTool } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { agentCostsFor } from "../../db/tasks.js";
import { ApiError } from "../../errors.js";
import { errorResponses } from "../tasks/schemas.js";
import { toolSchema, toolView } from "./tool-view.js";

export const getToolRoute = createRoute({
  method: "get",
  path: "/tools/{id}",
  operationId: "getTool",
  security: [],
  tags: ["tools"],
  summary: "One tool",
  request: { params: z.object({ id: z.string().min(1).max(100).openapi({ example: "clean-my-data" }) }) },
  responses: {
    200: { description: "The tool", content: { "application/json": { schema: toolSchema } } },
    ...errorResponses({ 404: "TOOL_NOT_FOUND" }),
  },
});

export const getToolHandler: RouteHandler<typeof getToolRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const tool = findTool(id);
  if (!tool) throw new ApiError("TOOL_NOT_FOUND", `No tool ${id}`, { tool_id: id });
  const costs = await agentCostsFor(
    c.var.db,
    tool.agents.map((a) => a.id),
  );
  return c.json(toolView(tool, costs, c.var.config), 200);
};
