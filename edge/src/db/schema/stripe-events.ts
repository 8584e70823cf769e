import { sql } from "drizzle-orm";
import { mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { timestamp } from "./columns.js";

/** Stripe webhook events already handled; the primary key makes a replay a no-op. */
export const stripeEvents = mysqlTable("stripe_events", {
  id: varchar("id", { length: 255 }).primaryKey(),
  type: varchar("type", { length: 100 }).notNull(),
  receivedAt: timestamp("received_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});

export type StripeEvent = typeof stripeEvents.$inferSelect;
