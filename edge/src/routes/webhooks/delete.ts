import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { deleteWebhookEndpoint } from "../../db/webhooks.js";
import { ApiError } from "../../errors.js";
import { errorResponses, webhookIdParams, webhookNotFound, webhookRouteErrors } from "./schemas.js";

export const deleteWebhookRoute = createRoute({
  method: "delete",
  path: "/webhooks/{id}",
  tags: ["webhooks"],
  operationId: "deleteWebhook",
  summary: "Delete an endpoint and its delivery history; queued retries to it are dropped",
  security: [{ bearerAuth: [] }],
  request: { params: webhookIdParams },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses({ ...webhookRouteErrors, ...webhookNotFound }),
  },
});

export const deleteWebhookHandler: RouteHandler<typeof deleteWebhookRoute, AppEnv> = async (c) => {
  const user = await requireUser(c, "webhooks:write");
  const { id } = c.req.valid("param");
  if (!(await deleteWebhookEndpoint(c.var.db, user.id, id))) throw new ApiError("WEBHOOK_NOT_FOUND", `No webhook endpoint ${id}`);
  return c.body(null, 204);
};
