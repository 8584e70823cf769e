import { Client } from "@planetscale/database";
import { drizzle } from "drizzle-orm/planetscale-serverless";
import * as schema from "./schema/index.js";

/**
 * drizzle over the PlanetScale HTTP driver. `url` is `https://user:pass@host` in production
 * and `http://user:pass@127.0.0.1:port` for the local PlanetScale HTTP server.
 */
export function createDatabase(url: string) {
  const client = new Client({ url, fetch: (input, init) => fetch(input, init) });
  return drizzle({ client, schema });
}

export type Database = ReturnType<typeof createDatabase>;
