import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import type { AppEnv } from "../../context.js";
import { onNotFound } from "../../errors.js";
import { devMailHandler, devMailRoute } from "./mail.js";
import { devScheduledHandler, devScheduledRoute } from "./scheduled.js";

/**
 * Development-only routes under /__dev. In any other environment they answer exactly like a
 * path that does not exist, before any validation runs.
 */
export function registerDevRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  app.use("/__dev/*", async (c, next) => {
    if (c.var.config.ENVIRONMENT !== "development") return onNotFound(c);
    await next();
  });
  return app.openapi(devMailRoute, devMailHandler).openapi(devScheduledRoute, devScheduledHandler);
}
