import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { createWebhookHandler, createWebhookRoute } from "./create.js";
import { deleteWebhookHandler, deleteWebhookRoute } from "./delete.js";
import { listWebhookDeliveriesHandler, listWebhookDeliveriesRoute } from "./deliveries.js";
import { getWebhookHandler, getWebhookRoute } from "./get.js";
import { listWebhooksHandler, listWebhooksRoute } from "./list.js";
import { rotateWebhookSecretHandler, rotateWebhookSecretRoute } from "./rotate-secret.js";
import { updateWebhookHandler, updateWebhookRoute } from "./update.js";

/** Mounts the webhook endpoint routes (user tokens, or API keys with webhooks:read / webhooks:write). */
export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(createWebhookRoute, createWebhookHandler);
  app.openapi(listWebhooksRoute, listWebhooksHandler);
  app.openapi(getWebhookRoute, getWebhookHandler);
  app.openapi(updateWebhookRoute, updateWebhookHandler);
  app.openapi(deleteWebhookRoute, deleteWebhookHandler);
  app.openapi(rotateWebhookSecretRoute, rotateWebhookSecretHandler);
  app.openapi(listWebhookDeliveriesRoute, listWebhookDeliveriesHandler);
}
