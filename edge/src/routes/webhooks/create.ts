import { newId } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { countWebhookEndpoints, findUserWebhookEndpoint, insertWebhookEndpoint } from "../../db/webhooks.js";
import { ApiError } from "../../errors.js";
import { newWebhookSecret, sealSecret } from "../../services/webhooks/secret-box.js";
import { acceptedWebhookUrl } from "./load-endpoint.js";
import {
  errorResponses,
  jsonBody,
  jsonContent,
  webhookDescription,
  webhookEndpointView,
  webhookEndpointWithSecret,
  webhookEvents,
  webhookRouteErrors,
  webhookUrl,
  webhookUrlErrors,
} from "./schemas.js";

const createWebhookBody = z.object({ url: webhookUrl, events: webhookEvents, description: webhookDescription.optional() }).strict();

export const createWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks",
  tags: ["webhooks"],
  operationId: "createWebhook",
  summary: "Register an endpoint for task-ended events; its signing secret is shown in this answer only",
  security: [{ bearerAuth: [] }],
  request: { body: jsonBody(createWebhookBody) },
  responses: {
    201: jsonContent("The endpoint and its signing secret (store it now)", webhookEndpointWithSecret),
    ...errorResponses({
      ...webhookRouteErrors,
      ...webhookUrlErrors,
      409: "WEBHOOK_LIMIT_REACHED: at most WEBHOOK_MAX_ENDPOINTS endpoints",
    }),
  },
});

export const createWebhookHandler: RouteHandler<typeof createWebhookRoute, AppEnv> = async (c) => {
  const user = await requireUser(c, "webhooks:write");
  const { db, config } = c.var;
  const body = c.req.valid("json");
  const url = acceptedWebhookUrl(c, body.url);
  const cap = config.WEBHOOK_MAX_ENDPOINTS;
  // Counted before the insert: two racing creates may pass together and end one over the cap, never more.
  if ((await countWebhookEndpoints(db, user.id, cap)) >= cap) {
    throw new ApiError("WEBHOOK_LIMIT_REACHED", `You have ${cap} webhook endpoints; delete one first`, { max_endpoints: cap });
  }
  const id = newId("webhookEndpoint");
  const secret = newWebhookSecret();
  await insertWebhookEndpoint(db, {
    id,
    userId: user.id,
    url,
    description: body.description || null,
    events: body.events,
    secretCiphertext: await sealSecret(config.WEBHOOK_SECRETS_KEY, id, secret),
  });
  const stored = await findUserWebhookEndpoint(db, user.id, id);
  if (!stored) throw new Error(`webhook endpoint ${id} vanished after insert`);
  return c.json({ ...webhookEndpointView(stored), secret }, 201);
};
