import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { verifyAccessClaims } from "../../auth/access-token.js";
import { isApiKey } from "../../auth/api-keys.js";
import { acceptUser, bearerToken, requireUser, userColumns } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { type Task, tasks, users } from "../../db/schema/index.js";
import { findUserTask } from "../../db/tasks.js";
import { ApiError } from "../../errors.js";

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

function orNotFound(task: Task | undefined, taskId: string): Task {
  if (!task) throw new ApiError("TASK_NOT_FOUND", `No task ${taskId}`);
  return task;
}

export function invalidState(task: Task, action: string, allowed: readonly string[]): ApiError {
  return new ApiError("TASK_INVALID_STATE", `Cannot ${action} a task that is ${task.status}`, {
    status: task.status,
    allowed_from: allowed,
  });
}
