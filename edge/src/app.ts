import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context.js";
import { onError, onNotFound, validationHook } from "./errors.js";
import { corsPolicy } from "./middleware/cors.js";
import { jsonBodyLimit } from "./middleware/json-body-limit.js";
import { requestContext } from "./middleware/request-context.js";
import { ANALYZE_PATH, analyzeHandler, analyzeRoute } from "./routes/analyze/analyze.js";
import { registerApiKeyRoutes } from "./routes/api-keys/index.js";
import { registerAuthRoutes } from "./routes/auth/index.js";
import { registerBillingRoutes } from "./routes/billing/index.js";
import { registerChatRoutes } from "./routes/chat/index.js";
import { completeContract, documentHeader } from "./routes/contract.js";
import { docsHandler } from "./routes/docs.js";
import { healthHandler, healthRoute } from "./routes/health.js";
import { registerTaskRoutes } from "./routes/tasks/index.js";
import { registerWebhookRoutes } from "./routes/webhooks/index.js";

/**
 * The worker's app. Route groups are chained (each register function returns the app with its
 * routes' types), so `App` carries every route's input and output types for `hc<App>`.
 */
export function createApp() {
  const base = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  base.use("*", corsPolicy);
  base.use("*", requestContext);
  // POST /analyze (V1) takes files in its body and sets its own, larger limit.
  base.use("*", (c, next) => (c.req.path === ANALYZE_PATH ? next() : jsonBodyLimit(c, next)));

  const app = registerWebhookRoutes(
    registerApiKeyRoutes(
      registerChatRoutes(registerBillingRoutes(registerTaskRoutes(registerAuthRoutes(base.openapi(healthRoute, healthHandler))))),
    ),
  ).openapi(analyzeRoute, analyzeHandler);

  completeContract(app.openAPIRegistry);
  app.doc31("/openapi.json", (c) => documentHeader(c));
  // The API reference (not itself part of the contract); its assets are the worker's static files.
  app.get("/docs", docsHandler);
  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
