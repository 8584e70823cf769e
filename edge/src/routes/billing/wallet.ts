import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { walletBalance } from "../../db/ledger.js";
import { authErrors, errorResponses } from "./schemas.js";

const walletSchema = z.object({ balance_credits: z.number().int().openapi({ example: 480 }) }).openapi("Wallet");

export const walletRoute = createRoute({
  method: "get",
  path: "/billing/wallet",
  operationId: "getWallet",
  security: [{ bearerAuth: [] }],
  tags: ["billing"],
  summary: "The signed-in user's credit balance",
  responses: {
    200: { description: "The balance, always the sum of the user's ledger", content: { "application/json": { schema: walletSchema } } },
    ...errorResponses(authErrors),
  },
});

export const walletHandler: RouteHandler<typeof walletRoute, AppEnv> = async (c) => {
  const user = await requireUser(c, "billing:read");
  return c.json({ balance_credits: await walletBalance(c.var.db, user.id) }, 200);
};
