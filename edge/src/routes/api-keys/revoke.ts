import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { revokeApiKey } from "../../db/api-keys.js";
import { ApiError } from "../../errors.js";
import { errorResponses, keyRouteErrors } from "./schemas.js";

export const revokeApiKeyRoute = createRoute({
  method: "delete",
  path: "/api-keys/{id}",
  tags: ["api-keys"],
  operationId: "revokeApiKey",
  summary: "Revoke an API key: the next request made with it is refused",
  security: [{ bearerAuth: [] }],
  request: { params: z.object({ id: z.string().min(1).max(40) }) },
  responses: {
    204: { description: "Revoked" },
    ...errorResponses({ ...keyRouteErrors, 404: "API_KEY_NOT_FOUND (also for another user's key or one already revoked)" }),
  },
});

export const revokeApiKeyHandler: RouteHandler<typeof revokeApiKeyRoute, AppEnv> = async (c) => {
  const user = await requireUser(c);
  const { id } = c.req.valid("param");
  if (!(await revokeApiKey(c.var.db, user.id, id, new Date()))) throw new ApiError("API_KEY_NOT_FOUND", `No live API key ${id}`);
  return c.body(null, 204);
};
