import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { createApiKeyHandler, createApiKeyRoute } from "./create.js";
import { listApiKeysHandler, listApiKeysRoute } from "./list.js";
import { revokeApiKeyHandler, revokeApiKeyRoute } from "./revoke.js";

/** Mounts the API key routes (session tokens only). */
export function registerApiKeyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(createApiKeyRoute, createApiKeyHandler);
  app.openapi(listApiKeysRoute, listApiKeysHandler);
  app.openapi(revokeApiKeyRoute, revokeApiKeyHandler);
}
