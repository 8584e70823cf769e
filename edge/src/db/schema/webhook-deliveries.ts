import { sql } from "drizzle-orm";
import { index, int, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";

export type DeliveryOutcome = "sending" | "delivered" | "retrying" | "failed";

/**
 * Every attempt to deliver an event to an endpoint. (event, endpoint, attempt) is unique: the
 * consumer claims an attempt by inserting its row before the POST, so a queue message delivered
 * twice sends that attempt once (unless the first consumer died mid-way; see deliver.ts).
 */
export const webhookDeliveries = mysqlTable(
  "webhook_deliveries",
  {
    id: idColumn("id").primaryKey(),
    eventId: idColumn("event_id").notNull(),
    endpointId: idColumn("endpoint_id").notNull(),
    attempt: int("attempt").notNull(),
    outcome: varchar("outcome", { length: 12 }).$type<DeliveryOutcome>().notNull(),
    statusCode: int("status_code"),
    error: varchar("error", { length: 500 }),
    durationMs: int("duration_ms"),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    nextRetryAt: timestamp("next_retry_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_attempt_unique").on(t.eventId, t.endpointId, t.attempt),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
