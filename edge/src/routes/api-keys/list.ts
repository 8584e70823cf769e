import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { listApiKeys } from "../../db/api-keys.js";
import { apiKeySchema, apiKeyView, errorResponses, jsonContent, keyRouteErrors } from "./schemas.js";

export const listApiKeysRoute = createRoute({
  method: "get",
  path: "/api-keys",
  tags: ["api-keys"],
  operationId: "listApiKeys",
  summary: "The user's API keys, newest first (never the keys themselves)",
  security: [{ bearerAuth: [] }],
  responses: {
    200: jsonContent("Live and revoked keys", z.object({ items: z.array(apiKeySchema) })),
    ...errorResponses(keyRouteErrors),
  },
});

export const listApiKeysHandler: RouteHandler<typeof listApiKeysRoute, AppEnv> = async (c) => {
  const user = await requireUser(c);
  return c.json({ items: (await listApiKeys(c.var.db, user.id)).map(apiKeyView) }, 200);
};
