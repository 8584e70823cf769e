import { newId } from "@agensium/shared";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.js";
import { onError } from "../errors.js";
import { backgroundDeps } from "../queue/deps.js";

/**
 * Per-request setup in one place: request id (echoed as X-Request-Id), typed config, database
 * and storage clients (built once per isolate); afterwards one JSON log line for the request.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const requestId = newId("request");
  c.set("requestId", requestId);
  c.header("X-Request-Id", requestId);
  try {
    const { config, db, storage } = backgroundDeps(c.env);
    c.set("config", config);
    c.set("db", db);
    c.set("storage", storage);
  } catch (err) {
    // Setup failed (e.g. production config missing a secret): answer now, still with one log line.
    c.res = onError(err as Error, c);
    logRequest(c, started);
    return c.res;
  }
  try {
    await next();
  } finally {
    logRequest(c, started);
  }
});

function logRequest(c: Context<AppEnv>, started: number) {
  console.log(
    JSON.stringify({
      level: "info",
      request_id: c.get("requestId"),
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Date.now() - started,
      user_id: c.get("user")?.id,
      api_key_id: c.get("apiKeyId"),
      error_code: c.get("errorCode"),
    }),
  );
}
