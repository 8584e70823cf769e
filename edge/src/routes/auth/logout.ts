import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import { endSession } from "../../auth/session.js";
import type { AppEnv } from "../../context.js";
import { errorResponses, sessionOnlyErrors } from "./schemas.js";

const logoutBody = z.object({ refresh_token: z.string().min(1).max(200).optional() }).strict();

export const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  operationId: "logOut",
  tags: ["auth"],
  summary: "Sign out: revokes the given refresh token's session, or every session without one",
  security: [{ bearerAuth: [] }],
  request: { body: { required: false, content: { "application/json": { schema: logoutBody } } } },
  responses: {
    204: { description: "Signed out" },
    ...errorResponses({ 400: "VALIDATION_ERROR", ...sessionOnlyErrors }),
  },
});

export const logoutHandler: RouteHandler<typeof logoutRoute, AppEnv> = async (c) => {
  const user = await requireUser(c);
  // The body is optional: without a JSON body there is nothing validated to read.
  const body = c.req.valid("json") as z.infer<typeof logoutBody> | undefined;
  await endSession(c.var.db, user.id, body?.refresh_token, new Date());
  return c.body(null, 204);
};
