import { and, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { verifyAccessClaims } from "../../auth/access-token.js";
import { isApiKey } from "../../auth/api-keys.js";
import { acceptUser, bearerToken, requireUser, userColumns } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import type { Database } from "../../db/client.js";
import { type Task, tasks, users } from "../../db/schema/index.js";
import { findUserTask } from "../../db/tasks.js";
import { ApiError } from "../../errors.js";
import type { TaskViewRow } from "../../services/tasks.js";

/**
 * The signed-in user's task by id; another user's task answers exactly like a missing one.
 * `keyScope` is what an API key needs to make this call: reading or changing the task.
 * With an access token it is one round trip: the user row the token check needs comes joined
 * with the task, so a status poll costs one query, not two.
 */
export async function loadUserTask(c: Context<AppEnv>, taskId: string, keyScope: "tasks:read" | "tasks:write"): Promise<Task> {
  const token = c.get("user") ? undefined : bearerToken(c);
  if (token === undefined || isApiKey(token)) {
    const user = await requireUser(c, keyScope);
    return orNotFound(await findUserTask(c.var.db, user.id, taskId), taskId);
  }
  const claims = await verifyAccessClaims(c.var.config.JWT_SECRET, token);
  const [row] = await c.var.db
    .select({ user: userColumns, task: tasks })
    .from(users)
    .leftJoin(tasks, and(eq(tasks.taskId, taskId), eq(tasks.userId, users.id)))
    .where(eq(users.id, claims.userId))
    .limit(1);
  acceptUser(c, claims, row?.user);
  return orNotFound(row?.task ?? undefined, taskId);
}

/** What GET /tasks/{id} answers with (services/tasks.ts taskView), and nothing more. */
const taskViewColumns = {
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

/**
 * The token's user joined with the task, as a statement built once per database client: a
 * status poll is the commonest call, and building the select and its SQL text for every poll
 * cost more than the rest of the handler. Only the view's columns come back (the declared
 * inputs, the idempotency key and the rest stay in the database).
 */
function userTaskViewQuery(db: Database) {
  return db
    .select({ user: userColumns, task: taskViewColumns })
    .from(users)
    .leftJoin(tasks, and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, users.id)))
    .where(eq(users.id, sql.placeholder("userId")))
    .limit(1)
    .prepare();
}

const preparedViewQueries = new WeakMap<Database, ReturnType<typeof userTaskViewQuery>>();

/**
 * loadUserTask for a route that only answers with the task's view (GET /tasks/{id}): the same
 * checks and refusals, in one round trip with an access token, reading only the view's columns.
 */
export async function loadUserTaskView(c: Context<AppEnv>, taskId: string): Promise<TaskViewRow> {
  const token = c.get("user") ? undefined : bearerToken(c);
  if (token === undefined || isApiKey(token)) return loadUserTask(c, taskId, "tasks:read");
  const claims = await verifyAccessClaims(c.var.config.JWT_SECRET, token);
  const { db } = c.var;
  let query = preparedViewQueries.get(db);
  if (!query) {
    query = userTaskViewQuery(db);
    preparedViewQueries.set(db, query);
  }
  const [row] = await query.execute({ taskId, userId: claims.userId });
  acceptUser(c, claims, row?.user);
  return orNotFound(row?.task?.taskId ? row.task : undefined, taskId);
}

function orNotFound<T>(task: T | undefined, taskId: string): T {
  if (!task) throw new ApiError("TASK_NOT_FOUND", `No task ${taskId}`);
  return task;
}

export function invalidState(task: Task, action: string, allowed: readonly string[]): ApiError {
  return new ApiError("TASK_INVALID_STATE", `Cannot ${action} a task that is ${task.status}`, {
    status: task.status,
    allowed_from: allowed,
  });
}
