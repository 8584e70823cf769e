import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { agentCostsHandler, agentCostsRoute } from "./agent-costs.js";
import { checkoutHandler, checkoutRoute } from "./checkout.js";
import { packsHandler, packsRoute } from "./packs.js";
import { transactionsHandler, transactionsRoute } from "./transactions.js";
import { walletHandler, walletRoute } from "./wallet.js";
import { webhookHandler, webhookRoute } from "./webhook.js";

/** Mounts the billing routes. */
export function registerBillingRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(walletRoute, walletHandler);
  app.openapi(transactionsRoute, transactionsHandler);
  app.openapi(agentCostsRoute, agentCostsHandler);
  app.openapi(packsRoute, packsHandler);
  app.openapi(checkoutRoute, checkoutHandler);
  app.openapi(webhookRoute, webhookHandler);
}
