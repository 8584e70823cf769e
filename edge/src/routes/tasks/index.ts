import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";

/** Mounts the task, tool and internal callback routes. */
export function registerTaskRoutes(app: OpenAPIHono<AppEnv>) {
  void app;
}
