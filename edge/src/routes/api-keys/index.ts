import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import type { AppEnv } from "../../context.js";
import { createApiKeyHandler, createApiKeyRoute } from "./create.js";
import { listApiKeysHandler, listApiKeysRoute } from "./list.js";
import { revokeApiKeyHandler, revokeApiKeyRoute } from "./revoke.js";

/** Mounts the API key routes (session tokens only). */
export function registerApiKeyRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(createApiKeyRoute, createApiKeyHandler)
    .openapi(listApiKeysRoute, listApiKeysHandler)
    .openapi(revokeApiKeyRoute, revokeApiKeyHandler);
}
