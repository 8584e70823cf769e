import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";

/** Mounts the auth routes. */
export function registerAuthRoutes(app: OpenAPIHono<AppEnv>) {
  void app;
}
