import { int, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { timestamp } from "./columns.js";

/**
 * Fixed-window counters keyed by purpose and subject (`login:alice@example.com`), so throttling
 * works the same for addresses that have an account and addresses that do not.
 */
export const rateLimits = mysqlTable("rate_limits", {
  key: varchar("key", { length: 191 }).primaryKey(),
  count: int("count").notNull().default(0),
  windowStartedAt: timestamp("window_started_at").notNull(),
  blockedUntil: timestamp("blocked_until"),
});

export type RateLimit = typeof rateLimits.$inferSelect;
