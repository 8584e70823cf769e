import type { WebhookEventType } from "@agensium/shared";
import { sql } from "drizzle-orm";
import { index, int, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";
import { jsonText } from "./json-text.js";

/**
 * One row per task, terminal state and attempt, written in the same transaction as the status
 * change (an outbox): the unique key is what keeps a replayed callback from making a second
 * event, and `id` is the event id every delivery of it carries. `published_at` is set once its
 * queue messages are sent; the cron sends any left unpublished.
 */
export const webhookEvents = mysqlTable(
  "webhook_events",
  {
    id: idColumn("id").primaryKey(),
    taskId: idColumn("task_id").notNull(),
    userId: idColumn("user_id").notNull(),
    type: varchar("type", { length: 30 }).$type<WebhookEventType>().notNull(),
    attempt: int("attempt").notNull(),
    /** The event exactly as delivered (the signed body is this, serialised). */
    payload: jsonText<Record<string, unknown>>("payload").notNull(),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    publishedAt: timestamp("published_at"),
  },
  (t) => [
    uniqueIndex("webhook_events_task_type_attempt_unique").on(t.taskId, t.type, t.attempt),
    index("webhook_events_unpublished_idx").on(t.publishedAt, t.createdAt),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
