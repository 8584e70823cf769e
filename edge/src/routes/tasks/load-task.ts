import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { verifyAccessClaims } from "../../auth/access-token.js";
import { acceptApiKey, apiKeyHash, isApiKey } from "../../auth/api-keys.js";
import { acceptUser, bearerToken, requireUser, type TokenUserRow } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import type { LiveApiKey } from "../../db/api-keys.js";
import type { Database } from "../../db/client.js";
import { type Task, tasks, users } from "../../db/schema/index.js";
import { findTaskViewWithApiKey, findTaskViewWithUser, findUserTaskView, type TaskViewRow } from "../../db/task-views.js";
import { findUserTask } from "../../db/tasks.js";
import { tokenCheckColumns } from "../../db/users.js";
import { ApiError } from "../../errors.js";

/**
 * The signed-in user's task by id; another user's task answers exactly like a missing one.
 * `keyScope` is what an API key needs to make this call: reading or changing the task.
 * With an access token it is one round trip: the user row the token check needs comes joined
 * with the task, so a status poll costs one query, not two.
 */
export async function loadUserTask(c: Context<AppEnv>, taskId: string, keyScope: "tasks:read" | "tasks:write"): Promise<Task> {
  return loadWith(c, taskId, keyScope, fullRowReads);
}

/** The same checks and refusals as loadUserTask, reading only what taskView shows (GET /tasks/{id}). */
export async function loadUserTaskView(c: Context<AppEnv>, taskId: string): Promise<TaskViewRow> {
  return loadWith(c, taskId, "tasks:read", viewReads);
}

interface TaskReads<T> {
  ofUser(db: Database, userId: string, taskId: string): Promise<T | undefined>;
  withTokenUser(db: Database, userId: string, taskId: string): Promise<{ user: TokenUserRow; task: T | null } | undefined>;
  /** The API key's row joined with the task, when the route's reads have such a query. */
  withApiKey?(db: Database, keyHash: string, taskId: string): Promise<(LiveApiKey & { task: T | null }) | undefined>;
}

const fullRowReads: TaskReads<Task> = {
  ofUser: findUserTask,
  async withTokenUser(db, userId, taskId) {
    const [row] = await db
      .select({ user: tokenCheckColumns, task: tasks })
      .from(users)
      .leftJoin(tasks, and(eq(tasks.taskId, taskId), eq(tasks.userId, users.id)))
      .where(eq(users.id, userId))
      .limit(1);
    return row;
  },
};

const viewReads: TaskReads<TaskViewRow> = {
  ofUser: findUserTaskView,
  withTokenUser: findTaskViewWithUser,
  withApiKey: findTaskViewWithApiKey,
};

async function loadWith<T>(c: Context<AppEnv>, taskId: string, keyScope: "tasks:read" | "tasks:write", reads: TaskReads<T>): Promise<T> {
  const token = c.get("user") ? undefined : bearerToken(c);
  if (token !== undefined && isApiKey(token) && reads.withApiKey) {
    // The key check's lookup brings the task along: one round trip fewer than requireUser then the task.
    const row = await reads.withApiKey(c.var.db, await apiKeyHash(token), taskId);
    c.set("user", await acceptApiKey(c, row, keyScope));
    return orNotFound(row?.task ?? undefined, taskId);
  }
  if (token === undefined || isApiKey(token)) {
    const user = await requireUser(c, keyScope);
    return orNotFound(await reads.ofUser(c.var.db, user.id, taskId), taskId);
  }
  const claims = await verifyAccessClaims(c.var.config.JWT_SECRET, token);
  const row = await reads.withTokenUser(c.var.db, claims.userId, taskId);
  acceptUser(c, claims, row?.user);
  return orNotFound(row?.task ?? undefined, taskId);
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
