/**
 * CORS for browsers on other origins. Allowed origins come from CORS_ORIGINS; without it,
 * development and test allow http(s)://localhost and 127.0.0.1 on any port and production
 * allows none. A request from any other origin gets no Access-Control-* header at all, so the
 * browser refuses it. This runs first, before the request context, and Hono carries the headers
 * it sets onto whatever response follows (onError, notFound, streams), so error bodies stay
 * readable to the page that caused them.
 */
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.js";
import { type Config, loadConfig } from "../env.js";

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;

/** What the API's routes use; the browser asks before sending anything but GET/HEAD/simple POST. */
export const CORS_ALLOW_METHODS = ["GET", "HEAD", "POST", "PATCH", "DELETE"];
/** Request headers the API reads (Last-Event-ID: an EventSource reconnecting). */
export const CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"];
/** Response headers a page may read besides the safelisted ones. */
export const CORS_EXPOSE_HEADERS = ["X-Request-Id", "Retry-After", "Location", "Content-Disposition"];
/** How long a browser may reuse a preflight answer (Chrome caps it at 2 hours). */
export const CORS_MAX_AGE_SECONDS = 600;

export function isAllowedOrigin(config: Pick<Config, "ENVIRONMENT" | "CORS_ORIGINS">, origin: string): boolean {
  if (config.CORS_ORIGINS) return config.CORS_ORIGINS.includes("*") || config.CORS_ORIGINS.includes(origin);
  return config.ENVIRONMENT !== "production" && LOCAL_ORIGIN.test(origin);
}

const allowed = cors({
  // Reached only for origins isAllowedOrigin accepted: echo the origin (never `*`, so Vary: Origin applies).
  origin: (origin) => origin,
  allowMethods: CORS_ALLOW_METHODS,
  allowHeaders: CORS_ALLOW_HEADERS,
  exposeHeaders: CORS_EXPOSE_HEADERS,
  maxAge: CORS_MAX_AGE_SECONDS,
});

function originAllowed(c: Context<AppEnv>, origin: string): boolean {
  try {
    return isAllowedOrigin(loadConfig(c.env), origin);
  } catch {
    // A broken configuration is reported by the request context; it allows no origin.
    return false;
  }
}

export const corsPolicy: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  if (origin && originAllowed(c, origin)) return allowed(c, next);
  if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
    // A preflight from an origin we do not serve: an empty answer without CORS headers fails it.
    return c.body(null, 204, { Vary: "Origin" });
  }
  await next();
  c.header("Vary", "Origin", { append: true });
});
