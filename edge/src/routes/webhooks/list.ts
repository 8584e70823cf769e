import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { listWebhookEndpoints } from "../../db/webhooks.js";
import { errorResponses, jsonContent, webhookEndpointSchema, webhookEndpointView, webhookRouteErrors } from "./schemas.js";

export const listWebhooksRoute = createRoute({
  method: "get",
  path: "/webhooks",
  tags: ["webhooks"],
  operationId: "listWebhooks",
  summary: "The user's webhook endpoints, newest first (never their secrets)",
  security: [{ bearerAuth: [] }],
  responses: {
    200: jsonContent("Endpoints", z.object({ items: z.array(webhookEndpointSchema) })),
    ...errorResponses(webhookRouteErrors),
  },
});

export const listWebhooksHandler: RouteHandler<typeof listWebhooksRoute, AppEnv> = async (c) => {
  const user = await requireUser(c, "webhooks:read");
  return c.json({ items: (await listWebhookEndpoints(c.var.db, user.id)).map(webhookEndpointView) }, 200);
};
