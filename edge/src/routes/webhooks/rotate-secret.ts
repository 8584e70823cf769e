import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { findUserWebhookEndpoint, updateWebhookEndpoint } from "../../db/webhooks.js";
import { ApiError } from "../../errors.js";
import { newWebhookSecret, sealSecret } from "../../services/webhooks/secret-box.js";
import { loadUserEndpoint } from "./load-endpoint.js";
import {
  errorResponses,
  jsonContent,
  webhookEndpointView,
  webhookEndpointWithSecret,
  webhookIdParams,
  webhookNotFound,
  webhookRouteErrors,
} from "./schemas.js";

export const rotateWebhookSecretRoute = createRoute({
  method: "post",
  path: "/webhooks/{id}/rotate-secret",
  tags: ["webhooks"],
  operationId: "rotateWebhookSecret",
  summary: "Replace an endpoint's signing secret; every delivery from now on is signed with the new one",
  security: [{ bearerAuth: [] }],
  request: { params: webhookIdParams },
  responses: {
    200: jsonContent("The endpoint and its new secret (shown in this answer only)", webhookEndpointWithSecret),
    ...errorResponses({ ...webhookRouteErrors, ...webhookNotFound }),
  },
});

export const rotateWebhookSecretHandler: RouteHandler<typeof rotateWebhookSecretRoute, AppEnv> = async (c) => {
  const endpoint = await loadUserEndpoint(c, c.req.valid("param").id, "webhooks:write");
  const { db, config } = c.var;
  const secret = newWebhookSecret();
  const set = { secretCiphertext: await sealSecret(config.WEBHOOK_SECRETS_KEY, endpoint.id, secret), secretRotatedAt: new Date() };
  if (!(await updateWebhookEndpoint(db, endpoint.userId, endpoint.id, set)))
    throw new ApiError("WEBHOOK_NOT_FOUND", `No webhook endpoint ${endpoint.id}`);
  const fresh = await findUserWebhookEndpoint(db, endpoint.userId, endpoint.id);
  if (!fresh) throw new ApiError("WEBHOOK_NOT_FOUND", `No webhook endpoint ${endpoint.id}`);
  return c.json({ ...webhookEndpointView(fresh), secret }, 200);
};
