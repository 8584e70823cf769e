/**
 * Fixed-window counters in `rate_limits`, keyed by purpose and subject (`login:alice@example.com`).
 * Each count is one atomic statement, so parallel requests cannot slip past a limit.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { rateLimits } from "./schema/index.js";
import { sqlTime } from "./sql-time.js";

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function secondsUntil(when: Date, now: Date): number {
  return Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 1000));
}

/** Adds one to the key's window, starting a new window when the current one is over; returns the count. */
async function countInWindow(db: Database, key: string, windowMs: number, now: Date) {
  const cutoff = sqlTime(new Date(now.getTime() - windowMs));
  const nowText = sqlTime(now);
  // The window test reads the old window_started_at, so `count` is assigned before the window moves.
  await db.execute(sql`
    INSERT INTO rate_limits (\`key\`, count, window_started_at) VALUES (${key}, 1, ${nowText})
    ON DUPLICATE KEY UPDATE
      count = IF(window_started_at <= ${cutoff}, 1, count + 1),
      window_started_at = IF(window_started_at <= ${cutoff}, ${nowText}, window_started_at)`);
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key)).limit(1);
  return row;
}

/** Counts one event; refused (with the wait until the window ends) once more than `limit` fall in one window. */
export async function takeRateLimitSlot(db: Database, key: string, limit: number, windowMs: number, now: Date): Promise<LimitDecision> {
  const row = await countInWindow(db, key, windowMs, now);
  if (!row || row.count <= limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: secondsUntil(new Date(row.windowStartedAt.getTime() + windowMs), now) };
}

export interface AttemptPolicy {
  maxAttempts: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Reserves one attempt before the work it guards (a password check), so the limit holds however
 * many requests arrive at once: the UPDATE matches only while the key is not locked, and the
 * attempt that reaches `maxAttempts` locks it in the same statement. A success should call
 * clearRateLimit; a failure needs nothing more, it was counted up front.
 */
export async function reserveAttempt(db: Database, key: string, policy: AttemptPolicy, now: Date): Promise<LimitDecision> {
  const nowText = sqlTime(now);
  const cutoff = sqlTime(new Date(now.getTime() - policy.windowMs));
  await db.execute(sql`INSERT IGNORE INTO rate_limits (\`key\`, count, window_started_at) VALUES (${key}, 0, ${nowText})`);
  // MySQL assigns left to right: `count` reads the old window and lock, the later columns read the new count.
  // A lock that has run out (blocked_until set, yet the WHERE matched) starts a fresh window.
  const reserved = await db.execute(sql`
    UPDATE rate_limits SET
      count = IF(window_started_at <= ${cutoff} OR blocked_until IS NOT NULL, 1, count + 1),
      window_started_at = IF(count = 1, ${nowText}, window_started_at),
      blocked_until = IF(count >= ${policy.maxAttempts}, ${sqlTime(new Date(now.getTime() + policy.lockMs))}, NULL)
    WHERE \`key\` = ${key} AND (blocked_until IS NULL OR blocked_until <= ${nowText})`);
  if (reserved.rowsAffected === 1) return { allowed: true };
  const seconds = await lockoutRemainingSeconds(db, key, now);
  return { allowed: false, retryAfterSeconds: Math.max(1, seconds) };
}

/** Seconds the key stays locked out, 0 when it is not. */
export async function lockoutRemainingSeconds(db: Database, key: string, now: Date): Promise<number> {
  const [row] = await db.select({ blockedUntil: rateLimits.blockedUntil }).from(rateLimits).where(eq(rateLimits.key, key)).limit(1);
  if (!row?.blockedUntil || row.blockedUntil.getTime() <= now.getTime()) return 0;
  return secondsUntil(row.blockedUntil, now);
}

export async function clearRateLimit(db: Database, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
