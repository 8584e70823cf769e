import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { findUserWebhookEndpoint, updateWebhookEndpoint } from "../../db/webhooks.js";
import { ApiError } from "../../errors.js";
import { acceptedWebhookUrl, loadUserEndpoint } from "./load-endpoint.js";
import {
  errorResponses,
  jsonBody,
  jsonContent,
  webhookDescription,
  webhookEndpointSchema,
  webhookEndpointView,
  webhookEvents,
  webhookIdParams,
  webhookNotFound,
  webhookRouteErrors,
  webhookUrl,
  webhookUrlErrors,
} from "./schemas.js";

const updateWebhookBody = z
  .object({
    url: webhookUrl.optional(),
    events: webhookEvents.optional(),
    description: webhookDescription.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, "Give at least one of url, events, description, enabled");

export const updateWebhookRoute = createRoute({
  method: "patch",
  path: "/webhooks/{id}",
  tags: ["webhooks"],
  operationId: "updateWebhook",
  summary: "Change an endpoint's URL, events, description, or switch it off and on",
  security: [{ bearerAuth: [] }],
  request: { params: webhookIdParams, body: jsonBody(updateWebhookBody) },
  responses: {
    200: jsonContent("The endpoint as changed", webhookEndpointSchema),
    ...errorResponses({ ...webhookRouteErrors, ...webhookUrlErrors, ...webhookNotFound }),
  },
});

export const updateWebhookHandler: RouteHandler<typeof updateWebhookRoute, AppEnv> = async (c) => {
  const endpoint = await loadUserEndpoint(c, c.req.valid("param").id, "webhooks:write");
  const body = c.req.valid("json");
  const set = {
    ...(body.url !== undefined ? { url: acceptedWebhookUrl(c, body.url) } : {}),
    ...(body.events !== undefined ? { events: body.events } : {}),
    ...(body.description !== undefined ? { description: body.description || null } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
  };
  const { db } = c.var;
  if (!(await updateWebhookEndpoint(db, endpoint.userId, endpoint.id, set)))
    throw new ApiError("WEBHOOK_NOT_FOUND", `No webhook endpoint ${endpoint.id}`);
  const fresh = await findUserWebhookEndpoint(db, endpoint.userId, endpoint.id);
  if (!fresh) throw new ApiError("WEBHOOK_NOT_FOUND", `No webhook endpoint ${endpoint.id}`);
  return c.json(webhookEndpointView(fresh), 200);
};
