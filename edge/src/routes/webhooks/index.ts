import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import type { AppEnv } from "../../context.js";
import { createWebhookHandler, createWebhookRoute } from "./create.js";
import { deleteWebhookHandler, deleteWebhookRoute } from "./delete.js";
import { listWebhookDeliveriesHandler, listWebhookDeliveriesRoute } from "./deliveries.js";
import { getWebhookHandler, getWebhookRoute } from "./get.js";
import { listWebhooksHandler, listWebhooksRoute } from "./list.js";
import { rotateWebhookSecretHandler, rotateWebhookSecretRoute } from "./rotate-secret.js";
import { updateWebhookHandler, updateWebhookRoute } from "./update.js";

/** Mounts the webhook endpoint routes (user tokens, or API keys with webhooks:read / webhooks:write). */
export function registerWebhookRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(createWebhookRoute, createWebhookHandler)
    .openapi(listWebhooksRoute, listWebhooksHandler)
    .openapi(getWebhookRoute, getWebhookHandler)
    .openapi(updateWebhookRoute, updateWebhookHandler)
    .openapi(deleteWebhookRoute, deleteWebhookHandler)
    .openapi(rotateWebhookSecretRoute, rotateWebhookSecretHandler)
    .openapi(listWebhookDeliveriesRoute, listWebhookDeliveriesHandler);
}
