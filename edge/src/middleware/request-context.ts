import { newId } from "@agensium/shared";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.js";
import { createDatabase } from "../db/client.js";
import { loadConfig } from "../env.js";
import { onError } from "../errors.js";
import { Storage } from "../services/storage.js";

/**
 * Per-request setup in one place: request id (echoed as X-Request-Id), typed config, database
 * and storage clients; afterwards one JSON log line for the request.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const requestId = newId("request");
  c.set("requestId", requestId);
  c.header("X-Request-Id", requestId);
  try {
    const config = loadConfig(c.env);
    c.set("config", config);
    c.set("db", createDatabase(config.DATABASE_URL));
    c.set(
      "storage",
      new Storage({
        endpoint: config.B2_ENDPOINT,
        region: config.B2_REGION,
        bucket: config.B2_BUCKET,
        accessKeyId: config.B2_KEY_ID,
        secretAccessKey: config.B2_APPLICATION_KEY,
      }),
    );
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
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      duration_ms: Date.now() - started,
      user_id: c.get("user")?.id,
      api_key_id: c.get("apiKeyId"),
      error_code: c.get("errorCode"),
    }),
  );
}
