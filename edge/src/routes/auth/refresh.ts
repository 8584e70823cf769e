import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { rotateSession } from "../../auth/session.js";
import type { AppEnv } from "../../context.js";
import { errorResponses, jsonBody, tokenPairSchema } from "./schemas.js";

const refreshBody = z.object({ refresh_token: z.string().min(1).max(200) }).strict();

export const refreshRoute = createRoute({
  method: "post",
  path: "/auth/refresh",
  operationId: "refreshSession",
  security: [],
  tags: ["auth"],
  summary: "Exchange a refresh token for a new pair; the old refresh token stops working",
  description: "Presenting a refresh token that was already exchanged revokes every token of its session.",
  request: { body: jsonBody(refreshBody) },
  responses: {
    200: { description: "A new token pair", content: { "application/json": { schema: tokenPairSchema } } },
    ...errorResponses({ 400: "VALIDATION_ERROR", 401: "AUTH_REFRESH_INVALID", 403: "AUTH_ACCOUNT_DISABLED" }),
  },
});

export const refreshHandler: RouteHandler<typeof refreshRoute, AppEnv> = async (c) => {
  const { db, config } = c.var;
  const { refresh_token: presented } = c.req.valid("json");
  return c.json(await rotateSession(db, config, presented, new Date()), 200);
};
