import { drizzle } from "drizzle-orm/planetscale-serverless";
import { castCell } from "./cast.js";
import { DatabaseUnavailable, PlanetScaleClient } from "./planetscale-client.js";
import * as schema from "./schema/index.js";

export { DatabaseUnavailable };

const DEFAULT_QUERY_TIMEOUT_MS = 5_000;

/**
 * Errors the PlanetScale API (or the MySQL server behind it) gives when it cannot serve at all,
 * as opposed to a query it refused: connection refused or lost, too many connections, no answer.
 */
const UNAVAILABLE_CODES =
  /^(UNAVAILABLE|RESOURCE_EXHAUSTED|DEADLINE_EXCEEDED|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|PROTOCOL_CONNECTION_LOST|ER_CON_COUNT_ERROR|ER_SERVER_SHUTDOWN)$/;

/** True when `err` (or a cause drizzle wrapped it in) means the database is out of reach. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 6; depth++) {
    if (current instanceof DatabaseUnavailable) return true;
    const e = current as { name?: string; status?: number; body?: { code?: string } };
    if (e.name === "DatabaseError" || e.name === "UnknownError") {
      if ((e.status ?? 0) >= 500 || UNAVAILABLE_CODES.test(e.body?.code ?? "")) return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * drizzle over the PlanetScale HTTP driver. `url` is `https://user:pass@host` in production
 * and `http://user:pass@127.0.0.1:port` for the local PlanetScale HTTP server. Every call is
 * bounded by `queryTimeoutMs`, so a frozen database costs a request seconds, not minutes.
 */
export function createDatabase(url: string, options: { queryTimeoutMs?: number } = {}) {
  const client = new PlanetScaleClient({ url, cast: castCell, queryTimeoutMs: options.queryTimeoutMs || DEFAULT_QUERY_TIMEOUT_MS });
  return drizzle({ client, schema });
}

export type Database = ReturnType<typeof createDatabase>;
