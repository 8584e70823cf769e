import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { listAgentCosts } from "../../db/billing.js";
import { authErrors, errorResponses } from "./schemas.js";

const agentCostSchema = z
  .object({
    agent_id: z.string().openapi({ example: "profiler" }),
    cost: z.number().int().openapi({ description: "Credits debited when the agent starts" }),
    description: z.string(),
  })
  .openapi("AgentCost");

export const agentCostsRoute = createRoute({
  method: "get",
  path: "/billing/agent-costs",
  operationId: "listAgentCosts",
  security: [{ bearerAuth: [] }],
  tags: ["billing"],
  summary: "What each agent costs, as currently configured in the database",
  responses: {
    200: { description: "Every agent's cost", content: { "application/json": { schema: z.array(agentCostSchema) } } },
    ...errorResponses(authErrors),
  },
});

export const agentCostsHandler: RouteHandler<typeof agentCostsRoute, AppEnv> = async (c) => {
  await requireUser(c, "billing:read");
  const rows = await listAgentCosts(c.var.db);
  return c.json(
    rows.map((row) => ({ agent_id: row.agentId, cost: row.cost, description: row.description })),
    200,
  );
};
