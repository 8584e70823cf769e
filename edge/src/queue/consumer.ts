/**
 * The task queue's consumer: sends each still-QUEUED task to compute. A 202 acks the message;
 * 429, 5xx and network errors retry it with exponential backoff; after the last retry the
 * message goes to the dead-letter queue (see dead-letter.ts).
 */
import { assignJobId, findTask, updateTaskWhile } from "../db/tasks.js";
import { buildJob, isTaskMessage, postJob, retryDelaySeconds, type TaskMessage } from "../services/dispatch.js";
import { type BackgroundDeps, logJson } from "./deps.js";

type DispatchOutcome = "sent" | "skipped" | "retry";

export async function dispatchTask(deps: BackgroundDeps, message: TaskMessage): Promise<DispatchOutcome> {
  const task = await findTask(deps.db, message.task_id);
  // Cancelled, deleted, or already re-queued as a newer attempt: nothing to send.
  if (task?.status !== "QUEUED" || task.attempt !== message.attempt) return "skipped";
  const jobId = task.jobId ?? (await assignJobId(deps.db, task.taskId, task.attempt));
  if (!jobId) return "skipped";
  const outcome = await postJob(deps.config, buildJob(deps.config, { ...task, jobId }));
  if (!outcome.accepted) {
    logJson("warn", "dispatch failed", { task_id: task.taskId, attempt: task.attempt, reason: outcome.reason });
    return "retry";
  }
  await updateTaskWhile(deps.db, task.taskId, ["QUEUED"], { dispatchedAt: new Date() });
  return "sent";
}

export async function consumeTaskBatch(deps: BackgroundDeps, batch: MessageBatch<unknown>): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      if (!isTaskMessage(message.body)) {
        logJson("error", "dropping a malformed task message", { body: message.body });
        message.ack();
        return;
      }
      try {
        const outcome = await dispatchTask(deps, message.body);
        if (outcome === "retry") message.retry({ delaySeconds: retryDelaySeconds(deps.config, message.attempts) });
        else message.ack();
      } catch (err) {
        logJson("error", "dispatch error", { task_id: message.body.task_id, error: (err as Error).message });
        message.retry({ delaySeconds: retryDelaySeconds(deps.config, message.attempts) });
      }
    }),
  );
}
