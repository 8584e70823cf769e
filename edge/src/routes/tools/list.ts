import { allAgents, TOOLS } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { agentCostsFor } from "../../db/tasks.js";
import { toolSchema, toolView } from "./tool-view.js";

export const listToolsRoute = createRoute({
  method: "get",
  path: "/tools",
  operationId: "listTools",
  security: [],
  tags: ["tools"],
  summary: "Every tool with its agents, costs, parameters schema and accepted formats",
  responses: { 200: { description: "The tools", content: { "application/json": { schema: z.array(toolSchema) } } } },
});

export const listToolsHandler: RouteHandler<typeof listToolsRoute, AppEnv> = async (c) => {
  const costs = await agentCostsFor(
    c.var.db,
    allAgents().map((a) => a.id),
  );
  return c.json(
    TOOLS.map((tool) => toolView(tool, costs, c.var.config)),
    200,
  );
};
