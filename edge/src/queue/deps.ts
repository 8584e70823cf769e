import type { Database } from "../db/client.js";
import { createDatabase } from "../db/client.js";
import { type Config, type Env, loadConfig } from "../env.js";
import { Storage } from "../services/storage.js";

/** What the queue consumers and the cron need; the fetch path gets the same from requestContext. */
export interface BackgroundDeps {
  config: Config;
  db: Database;
  storage: Storage;
}

export function backgroundDeps(env: Env): BackgroundDeps {
  const config = loadConfig(env);
  return {
    config,
    db: createDatabase(config.DATABASE_URL),
    storage: new Storage({
      endpoint: config.B2_ENDPOINT,
      region: config.B2_REGION,
      bucket: config.B2_BUCKET,
      accessKeyId: config.B2_KEY_ID,
      secretAccessKey: config.B2_APPLICATION_KEY,
    }),
  };
}

export function logJson(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === "info") console.log(line);
  else console.error(line);
}
