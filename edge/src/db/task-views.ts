/**
 * What GET /tasks/{id} reads: only the columns the answer shows (taskView), with the SQL built
 * once per isolate. Building a select's SQL with drizzle on every request was the largest CPU
 * cost of a status poll; each read keeps the built SQL and takes only the ids per call, and
 * maps its rows with the columns' own decoders (mapped-read.ts; JSON still parsed by type).
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { type LiveApiKey, liveKeyColumns } from "./api-keys.js";
import type { Database } from "./client.js";
import { mappedRead } from "./mapped-read.js";
import { apiKeys, type Task, tasks, type User, users } from "./schema/index.js";
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
type TokenUserRow = Pick<User, keyof typeof tokenCheckColumns>;

function prepareReads(db: Database) {
  return {
    /** The user row an access token names, with their task joined (null when it is not theirs or missing). */
    withTokenUser: mappedRead<{ user: TokenUserRow; task: TaskViewRow | null }>(
      db,
      { user: tokenCheckColumns, task: taskViewColumns },
      (select) =>
        select
          .from(users)
          .leftJoin(tasks, and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, users.id)))
          .where(eq(users.id, sql.placeholder("userId")))
          .limit(1),
      ["task"],
    ),
    /** The live API key with this hash, its owner, and the owner's task (null when missing). */
    withApiKey: mappedRead<LiveApiKey & { task: TaskViewRow | null }>(
      db,
      { ...liveKeyColumns, task: taskViewColumns },
      (select) =>
        select
          .from(apiKeys)
          .innerJoin(users, eq(users.id, apiKeys.userId))
          .leftJoin(tasks, and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, users.id)))
          .where(and(eq(apiKeys.keyHash, sql.placeholder("keyHash")), isNull(apiKeys.revokedAt)))
          .limit(1),
      ["task"],
    ),
    /** The user's task, for a caller already authenticated another way. */
    ofUser: mappedRead<TaskViewRow>(db, taskViewColumns, (select) =>
      select
        .from(tasks)
        .where(and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, sql.placeholder("userId"))))
        .limit(1),
    ),
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
  const [row] = await readsOf(db).withTokenUser({ userId, taskId });
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
  const [row] = await readsOf(db).withApiKey({ keyHash, taskId });
  return row;
}

export async function findUserTaskView(db: Database, userId: string, taskId: string): Promise<TaskViewRow | undefined> {
  const [row] = await readsOf(db).ofUser({ userId, taskId });
  return row;
}
