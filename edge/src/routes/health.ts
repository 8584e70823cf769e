import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppEnv } from "../context.js";
import { errorBodySchema } from "./openapi.js";

const partStatus = z.object({ status: z.enum(["up", "down"]), latency_ms: z.number(), error: z.string().optional() });

const healthResponse = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  checks: z.object({ database: partStatus, storage: partStatus, compute: partStatus }).optional(),
});

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  security: [],
  tags: ["health"],
  summary: "Liveness; with deep=1 also database, storage and compute",
  request: { query: z.object({ deep: z.enum(["0", "1", "true", "false"]).optional() }) },
  responses: {
    200: { description: "Every part answers", content: { "application/json": { schema: healthResponse } } },
    503: {
      description: "A part is down (`checks` names it), or SERVICE_UNAVAILABLE: the configuration is incomplete (the error body)",
      content: { "application/json": { schema: z.union([healthResponse, errorBodySchema]) } },
    },
  },
});

const CHECK_TIMEOUT_MS = 3_000;

async function check(run: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)),
    ]);
    return { status: "up" as const, latency_ms: Date.now() - started };
  } catch (err) {
    return { status: "down" as const, latency_ms: Date.now() - started, error: (err as Error).message };
  }
}

export const healthHandler: RouteHandler<typeof healthRoute, AppEnv> = async (c) => {
  const { config, db, storage } = c.var;
  const deep = c.req.query("deep");
  if (deep !== "1" && deep !== "true") return c.json({ status: "ok" as const, version: config.APP_VERSION }, 200);
  const [database, store, compute] = await Promise.all([
    check(() => db.execute(sql`SELECT 1`)),
    check(() => storage.checkBucket()),
    check(async () => {
      const res = await fetch(new URL("/health", config.COMPUTE_URL));
      await res.body?.cancel();
      if (!res.ok) throw new Error(`compute answered ${res.status}`);
    }),
  ]);
  const checks = { database, storage: store, compute };
  const allUp = Object.values(checks).every((part) => part.status === "up");
  return c.json({ status: allUp ? ("ok" as const) : ("degraded" as const), version: config.APP_VERSION, checks }, allUp ? 200 : 503);
};
