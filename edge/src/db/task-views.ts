/**
 * What GET /tasks/{id} reads: only the columns the answer shows (taskView), with statements
 * prepared once per isolate. Building a select's SQL with drizzle on every request was the
 * largest CPU cost of a status poll; a prepared statement keeps the built SQL and its result
 * mapping (JSON columns still parsed by their column type) and takes only the ids per call.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { type LiveApiKey, liveKeyColumns } from "./api-keys.js";
import type { Database } from "./client.js";
import { apiKeys, type Task, tasks, users } from "./schema/index.js";
import { tokenCheckColumns } from "./users.js";

/** The task columns taskView shows; a narrower row also means a smaller answer from the database. */
export const taskViewColumns = {
  taskId: tasks.taskId,
  toolId: tasks.toolId,
  agents: tasks.agents,
  status: tasks.status,
  progress: tasks.progress,
  currentAgent: tasks.currentAgent,
  rowsProcessed: tasks.rowsProcessed,
  step: tasks.step,
  attempt: tasks.attempt,
  errorCode: tasks.errorCode,
  errorMessage: tasks.errorMessage,
  createdAt: tasks.createdAt,
  uploadStartedAt: tasks.uploadStartedAt,
  queuedAt: tasks.queuedAt,
  processingStartedAt: tasks.processingStartedAt,
  completedAt: tasks.completedAt,
  failedAt: tasks.failedAt,
  cancelledAt: tasks.cancelledAt,
  resultSummary: tasks.resultSummary,
};

export type TaskViewRow = Pick<Task, keyof typeof taskViewColumns>;

function prepareReads(db: Database) {
  return {
    /** The user row an access token names, with their task joined (null when it is not theirs or missing). */
    withTokenUser: db
      .select({ user: tokenCheckColumns, task: taskViewColumns })
      .from(users)
      .leftJoin(tasks, and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, users.id)))
      .where(eq(users.id, sql.placeholder("userId")))
      .limit(1)
      .prepare(),
    /** The live API key with this hash, its owner, and the owner's task (null when missing). */
    withApiKey: db
      .select({ ...liveKeyColumns, task: taskViewColumns })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .leftJoin(tasks, and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, users.id)))
      .where(and(eq(apiKeys.keyHash, sql.placeholder("keyHash")), isNull(apiKeys.revokedAt)))
      .limit(1)
      .prepare(),
    /** The user's task, for a caller already authenticated another way. */
    ofUser: db
      .select(taskViewColumns)
      .from(tasks)
      .where(and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, sql.placeholder("userId"))))
      .limit(1)
      .prepare(),
  };
}

/** Keyed by the database client, which is itself built once per isolate (queue/deps.ts). */
const prepared = new WeakMap<Database, ReturnType<typeof prepareReads>>();

function readsOf(db: Database) {
  let reads = prepared.get(db);
  if (!reads) {
    reads = prepareReads(db);
    prepared.set(db, reads);
  }
  return reads;
}

/** One round trip: the token's user row (for acceptUser) and their task's view columns. */
export async function findTaskViewWithUser(db: Database, userId: string, taskId: string) {
  const [row] = await readsOf(db).withTokenUser.execute({ userId, taskId });
  return row;
}

/**
 * One round trip for the key check and the task: the key's row (for acceptApiKey) and its owner's
 * task's view columns. The task is only shown once the key passed every check, rate limit included.
 */
export async function findTaskViewWithApiKey(
  db: Database,
  keyHash: string,
  taskId: string,
): Promise<(LiveApiKey & { task: TaskViewRow | null }) | undefined> {
  const [row] = await readsOf(db).withApiKey.execute({ keyHash, taskId });
  return row;
}

export async function findUserTaskView(db: Database, userId: string, taskId: string): Promise<TaskViewRow | undefined> {
  const [row] = await readsOf(db).ofUser.execute({ userId, taskId });
  return row;
}
