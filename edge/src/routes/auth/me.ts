import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { walletBalance } from "../../db/ledger.js";
import { findUserById } from "../../db/users.js";
import { ApiError } from "../../errors.js";
import { errorResponses, sessionOnlyErrors } from "./schemas.js";

const meSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    full_name: z.string(),
    is_verified: z.boolean(),
    created_at: z.string().openapi({ format: "date-time" }),
    balance_credits: z.number().int(),
  })
  .openapi("Me");

export const meRoute = createRoute({
  method: "get",
  path: "/auth/me",
  operationId: "getCurrentUser",
  tags: ["auth"],
  summary: "The signed-in user and their credit balance",
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: "The current user", content: { "application/json": { schema: meSchema } } },
    ...errorResponses(sessionOnlyErrors),
  },
});

export const meHandler: RouteHandler<typeof meRoute, AppEnv> = async (c) => {
  const current = await requireUser(c);
  const [user, balance] = await Promise.all([findUserById(c.var.db, current.id), walletBalance(c.var.db, current.id)]);
  if (!user) throw new ApiError("AUTH_INVALID_TOKEN", "The access token names no user");
  return c.json(
    {
      id: user.id,
      email: user.email,
      full_name: user.fullName,
      is_verified: user.isVerified,
      created_at: user.createdAt.toISOString(),
      balance_credits: balance,
    },
    200,
  );
};
