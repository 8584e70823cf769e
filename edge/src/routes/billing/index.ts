import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";

/** Mounts the billing routes. */
export function registerBillingRoutes(app: OpenAPIHono<AppEnv>) {
  void app;
}
