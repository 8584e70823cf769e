/**
 * Running counts of events worth watching (calls to a deprecated endpoint), kept as rows of
 * `rate_limits` that never reset: one atomic upsert per event, read back in the same request.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { rateLimits } from "./schema/index.js";
import { sqlTime } from "./sql-time.js";

export async function countUsage(db: Database, name: string, now: Date): Promise<number> {
  const key = `usage:${name}`;
  await db.execute(sql`
    INSERT INTO rate_limits (\`key\`, count, window_started_at) VALUES (${key}, 1, ${sqlTime(now)})
    ON DUPLICATE KEY UPDATE count = count + 1`);
  const [row] = await db.select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.key, key)).limit(1);
  return row ? Number(row.count) : 1;
}
