import type { Context } from "hono";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import type { Task } from "../../db/schema/index.js";
import { findUserTask } from "../../db/tasks.js";
import { ApiError } from "../../errors.js";

/**
 * The signed-in user's task by id; another user's task answers exactly like a missing one.
 * `keyScope` is what an API key needs to make this call: reading or changing the task.
 */
export async function loadUserTask(c: Context<AppEnv>, taskId: string, keyScope: "tasks:read" | "tasks:write"): Promise<Task> {
  const user = await requireUser(c, keyScope);
  const task = await findUserTask(c.var.db, user.id, taskId);
  if (!task) throw new ApiError("TASK_NOT_FOUND", `No task ${taskId}`);
  return task;
}

export function invalidState(task: Task, action: string, allowed: readonly string[]): ApiError {
  return new ApiError("TASK_INVALID_STATE", `Cannot ${action} a task that is ${task.status}`, {
    status: task.status,
    allowed_from: allowed,
  });
}
