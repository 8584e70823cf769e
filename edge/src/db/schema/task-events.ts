import { sql } from "drizzle-orm";
import { bigint, index, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";
import { jsonText } from "./json-text.js";

/**
 * Append-only history of a task: every status transition and every compute callback.
 * (task_id, event_id) is unique, which is what makes a replayed callback a no-op.
 */
export const taskEvents = mysqlTable(
  "task_events",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    taskId: idColumn("task_id").notNull(),
    eventId: varchar("event_id", { length: 100 }).notNull(),
    type: varchar("type", { length: 40 }).notNull(),
    fromStatus: varchar("from_status", { length: 20 }),
    toStatus: varchar("to_status", { length: 20 }),
    payload: jsonText<Record<string, unknown>>("payload"),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex("task_events_task_event_unique").on(t.taskId, t.eventId), index("task_events_task_idx").on(t.taskId, t.id)],
);

export type TaskEvent = typeof taskEvents.$inferSelect;
