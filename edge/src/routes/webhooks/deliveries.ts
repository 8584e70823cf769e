import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { listDeliveries } from "../../db/webhooks.js";
import { loadUserEndpoint } from "./load-endpoint.js";
import {
  errorResponses,
  jsonContent,
  webhookDeliverySchema,
  webhookDeliveryView,
  webhookIdParams,
  webhookNotFound,
  webhookRouteErrors,
} from "./schemas.js";

const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(40).optional().openapi({ description: "next_cursor of the previous page" }),
});

export const listWebhookDeliveriesRoute = createRoute({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  tags: ["webhooks"],
  operationId: "listWebhookDeliveries",
  summary: "Every delivery attempt to an endpoint, newest first",
  security: [{ bearerAuth: [] }],
  request: { params: webhookIdParams, query: deliveriesQuery },
  responses: {
    200: jsonContent("Attempts", z.object({ items: z.array(webhookDeliverySchema), next_cursor: z.string().nullable() })),
    ...errorResponses({ ...webhookRouteErrors, 400: "VALIDATION_ERROR (limit, cursor)", ...webhookNotFound }),
  },
});

export const listWebhookDeliveriesHandler: RouteHandler<typeof listWebhookDeliveriesRoute, AppEnv> = async (c) => {
  const endpoint = await loadUserEndpoint(c, c.req.valid("param").id, "webhooks:read");
  const { limit, cursor } = c.req.valid("query");
  const rows = await listDeliveries(c.var.db, endpoint.id, { before: cursor, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? (page.at(-1)?.id ?? null) : null;
  return c.json({ items: page.map(webhookDeliveryView), next_cursor: nextCursor }, 200);
};
