import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./context.js";
import { ApiError, onError, onNotFound, validationHook } from "./errors.js";
import { corsPolicy } from "./middleware/cors.js";
import { requestContext } from "./middleware/request-context.js";
import { ANALYZE_PATH, analyzeHandler, analyzeRoute } from "./routes/analyze/analyze.js";
import { registerApiKeyRoutes } from "./routes/api-keys/index.js";
import { registerAuthRoutes } from "./routes/auth/index.js";
import { registerBillingRoutes } from "./routes/billing/index.js";
import { registerChatRoutes } from "./routes/chat/index.js";
import { docsHandler } from "./routes/docs.js";
import { healthHandler, healthRoute } from "./routes/health.js";
import { registerTaskRoutes } from "./routes/tasks/index.js";
import { registerWebhookRoutes } from "./routes/webhooks/index.js";

/** JSON bodies above this are refused before parsing; uploads never come through the edge. */
const MAX_JSON_BODY = 64 * 1024;

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", corsPolicy);
  app.use("*", requestContext);
  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_JSON_BODY,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `Request bodies are limited to ${MAX_JSON_BODY / 1024} KiB`);
    },
  });
  // POST /analyze (V1) takes files in its body and sets its own, larger limit.
  app.use("*", (c, next) => (c.req.path === ANALYZE_PATH ? next() : jsonBodyLimit(c, next)));

  app.openapi(healthRoute, healthHandler);
  registerAuthRoutes(app);
  registerTaskRoutes(app);
  registerBillingRoutes(app);
  registerChatRoutes(app);
  registerApiKeyRoutes(app);
  registerWebhookRoutes(app);
  app.openapi(analyzeRoute, analyzeHandler);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Agensium API", version: "2.1.0", description: "Profile, clean and master data files." },
  });
  // The API reference (not itself part of the contract); its assets are the worker's static files.
  app.get("/docs", docsHandler);
  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
