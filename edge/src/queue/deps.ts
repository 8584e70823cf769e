import type { Database } from "../db/client.js";
import { createDatabase } from "../db/client.js";
import { type Config, type Env, loadConfig } from "../env.js";
import { Storage } from "../services/storage.js";

/** What the queue consumers, the cron and every request need: config and the clients built from it. */
export interface BackgroundDeps {
  config: Config;
  db: Database;
  storage: Storage;
}

const built = new WeakMap<Config, BackgroundDeps>();

/**
 * Config parsed and clients built once per isolate (loadConfig caches per env object), not per
 * request: neither client holds per-request state, and building them was measurable on /health.
 */
export function backgroundDeps(env: Env): BackgroundDeps {
  const config = loadConfig(env);
  const cached = built.get(config);
  if (cached) return cached;
  const deps = {
    config,
    db: createDatabase(config.DATABASE_URL, { queryTimeoutMs: config.DATABASE_QUERY_TIMEOUT_MS }),
    storage: new Storage({
      endpoint: config.B2_ENDPOINT,
      region: config.B2_REGION,
      bucket: config.B2_BUCKET,
      accessKeyId: config.B2_KEY_ID,
      secretAccessKey: config.B2_APPLICATION_KEY,
    }),
  };
  built.set(config, deps);
  return deps;
}

export function logJson(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === "info") console.log(line);
  else console.error(line);
}
