import type { InputExtension, InputRole, RunSummary, TaskStatus } from "@agensium/shared";
import { sql } from "drizzle-orm";
import { bigint, boolean, index, int, mysqlTable, text, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";
import { jsonText } from "./json-text.js";

/** What the user declared for each input when asking for upload URLs. */
export interface DeclaredInput {
  extension: InputExtension;
  content_type: string;
  size_bytes: number;
  key: string;
  /** Set for multipart uploads until completed. */
  upload_id?: string;
  completed?: boolean;
}

export type DeclaredInputs = Partial<Record<InputRole, DeclaredInput>>;

export const tasks = mysqlTable(
  "tasks",
  {
    taskId: idColumn("task_id").primaryKey(),
    userId: idColumn("user_id").notNull(),
    toolId: varchar("tool_id", { length: 100 }).notNull(),
    agents: jsonText<string[]>("agents").notNull(),
    status: varchar("status", { length: 20 }).$type<TaskStatus>().notNull(),
    progress: int("progress").notNull().default(0),
    currentAgent: varchar("current_agent", { length: 100 }),
    /** Live progress from compute's `progress` callbacks: rows the current agent has done, its step, and the newest seq applied. */
    rowsProcessed: bigint("rows_processed", { mode: "number" }),
    step: varchar("step", { length: 40 }),
    progressSeq: int("progress_seq").notNull().default(0),
    errorCode: varchar("error_code", { length: 64 }),
    errorMessage: text("error_message"),
    attempt: int("attempt").notNull().default(0),
    /** The job of the current attempt, set when the attempt is queued: callbacks signed for another job are refused. */
    jobId: idColumn("job_id"),
    inputs: jsonText<DeclaredInputs>("inputs"),
    hasParameters: boolean("has_parameters").notNull().default(false),
    idempotencyKey: varchar("idempotency_key", { length: 191 }),
    resultSummary: jsonText<RunSummary>("result_summary"),
    manifestKey: varchar("manifest_key", { length: 512 }),
    heartbeatAt: timestamp("heartbeat_at"),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestamp("updated_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    uploadStartedAt: timestamp("upload_started_at"),
    queuedAt: timestamp("queued_at"),
    dispatchedAt: timestamp("dispatched_at"),
    processingStartedAt: timestamp("processing_started_at"),
    completedAt: timestamp("completed_at"),
    failedAt: timestamp("failed_at"),
    cancelledAt: timestamp("cancelled_at"),
    expiredAt: timestamp("expired_at"),
    isCleanedUp: boolean("is_cleaned_up").notNull().default(false),
    cleanedUpAt: timestamp("cleaned_up_at"),
  },
  (t) => [
    uniqueIndex("tasks_user_idempotency_unique").on(t.userId, t.idempotencyKey),
    index("tasks_user_idx").on(t.userId, t.taskId),
    index("tasks_user_status_idx").on(t.userId, t.status, t.taskId),
    index("tasks_user_tool_idx").on(t.userId, t.toolId, t.taskId),
    index("tasks_status_heartbeat_idx").on(t.status, t.heartbeatAt),
    index("tasks_status_queued_idx").on(t.status, t.queuedAt),
    index("tasks_status_created_idx").on(t.status, t.createdAt),
    index("tasks_cleanup_idx").on(t.isCleanedUp, t.createdAt),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
