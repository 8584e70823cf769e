import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import type { AppEnv } from "../../context.js";
import { agentCostsHandler, agentCostsRoute } from "./agent-costs.js";
import { checkoutHandler, checkoutRoute } from "./checkout.js";
import { packsHandler, packsRoute } from "./packs.js";
import { transactionsHandler, transactionsRoute } from "./transactions.js";
import { walletHandler, walletRoute } from "./wallet.js";
import { webhookHandler, webhookRoute } from "./webhook.js";

/** Mounts the billing routes. */
export function registerBillingRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(walletRoute, walletHandler)
    .openapi(transactionsRoute, transactionsHandler)
    .openapi(agentCostsRoute, agentCostsHandler)
    .openapi(packsRoute, packsHandler)
    .openapi(checkoutRoute, checkoutHandler)
    .openapi(webhookRoute, webhookHandler);
}
