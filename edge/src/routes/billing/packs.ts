import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { authErrors, errorResponses } from "./schemas.js";

const packSchema = z
  .object({
    id: z.string().openapi({ example: "starter" }),
    name: z.string(),
    credits: z.number().int(),
    price_cents: z.number().int().openapi({ description: "Price in the currency's smallest unit" }),
    currency: z.string().openapi({ example: "usd" }),
  })
  .openapi("CreditPack");

export const packsRoute = createRoute({
  method: "get",
  path: "/billing/packs",
  operationId: "listCreditPacks",
  security: [{ bearerAuth: [] }],
  tags: ["billing"],
  summary: "The credit packs on sale; POST /billing/checkout takes one's id",
  responses: {
    200: { description: "Packs on sale", content: { "application/json": { schema: z.array(packSchema) } } },
    ...errorResponses(authErrors),
  },
});

export const packsHandler: RouteHandler<typeof packsRoute, AppEnv> = async (c) => {
  await requireUser(c, "billing:read");
  return c.json(
    c.var.config.CREDIT_PACKS.map(({ id, name, credits, price_cents, currency }) => ({ id, name, credits, price_cents, currency })),
    200,
  );
};
