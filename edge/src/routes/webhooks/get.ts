import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { loadUserEndpoint } from "./load-endpoint.js";
import {
  errorResponses,
  jsonContent,
  webhookEndpointSchema,
  webhookEndpointView,
  webhookIdParams,
  webhookNotFound,
  webhookRouteErrors,
} from "./schemas.js";

export const getWebhookRoute = createRoute({
  method: "get",
  path: "/webhooks/{id}",
  tags: ["webhooks"],
  operationId: "getWebhook",
  summary: "One webhook endpoint (never its secret)",
  security: [{ bearerAuth: [] }],
  request: { params: webhookIdParams },
  responses: {
    200: jsonContent("The endpoint", webhookEndpointSchema),
    ...errorResponses({ ...webhookRouteErrors, ...webhookNotFound }),
  },
});

export const getWebhookHandler: RouteHandler<typeof getWebhookRoute, AppEnv> = async (c) => {
  const endpoint = await loadUserEndpoint(c, c.req.valid("param").id, "webhooks:read");
  return c.json(webhookEndpointView(endpoint), 200);
};
