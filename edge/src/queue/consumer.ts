/**
 * The task queue's consumer: sends each still-QUEUED task to compute. A 202 acks the message.
 * A 429 means compute is busy, not broken: the message is replaced by a new one delayed by
 * compute's Retry-After, so waiting for a slot spends none of the queue's retries, until the
 * task has waited QUEUE_MAX_WAIT_MINUTES (then it fails with COMPUTE_QUEUE_TIMEOUT). 5xx and
 * network errors retry the message with exponential backoff; after the last retry it goes to
 * the dead-letter queue (see dead-letter.ts). Webhook deliveries share the queue, told apart by
 * their `kind` (services/webhooks/deliver.ts).
 */
import { eq } from "drizzle-orm";
import { tasks } from "../db/schema/index.js";
import { assignJobId, findTask, recordTaskEvent, transitionTask, updateTaskWhile } from "../db/tasks.js";
import { buildJob, enqueueTask, isTaskMessage, postJob, retryDelaySeconds, type TaskMessage } from "../services/dispatch.js";
import { refundSystemFailure } from "../services/tasks-refunds.js";
import { deliverWebhook } from "../services/webhooks/deliver.js";
import { isWebhookDeliveryMessage } from "../services/webhooks/messages.js";
import { publishTaskWebhooks } from "../services/webhooks/publish.js";
import { type BackgroundDeps, logJson } from "./deps.js";

type DispatchOutcome = { kind: "sent" } | { kind: "skipped" } | { kind: "retry" } | { kind: "busy"; delaySeconds: number };

/** Fails a task that waited for a compute slot longer than allowed; true when it did. */
async function failIfWaitedTooLong(deps: BackgroundDeps, message: TaskMessage, queuedAt: Date | null, now: Date): Promise<boolean> {
  const limitMs = deps.config.QUEUE_MAX_WAIT_MINUTES * 60_000;
  if (!queuedAt || now.getTime() - queuedAt.getTime() < limitMs) return false;
  const result = await transitionTask(deps.db, {
    taskId: message.task_id,
    from: ["QUEUED"],
    to: "FAILED",
    where: eq(tasks.attempt, message.attempt),
    set: {
      errorCode: "COMPUTE_QUEUE_TIMEOUT",
      errorMessage: `Compute had no free slot for ${deps.config.QUEUE_MAX_WAIT_MINUTES} minutes`,
      failedAt: now,
    },
    eventType: "dispatch.queue_timeout",
    payload: { attempt: message.attempt, busy_since: message.busy_since },
  });
  if (result === "applied") {
    await refundSystemFailure(deps.db, message.task_id);
    await publishTaskWebhooks(deps, message.task_id);
  }
  return true;
}

export async function dispatchTask(deps: BackgroundDeps, message: TaskMessage): Promise<DispatchOutcome> {
  const task = await findTask(deps.db, message.task_id);
  // Cancelled, deleted, or already re-queued as a newer attempt: nothing to send.
  if (task?.status !== "QUEUED" || task.attempt !== message.attempt) return { kind: "skipped" };
  const now = new Date();
  const jobId = task.jobId ?? (await assignJobId(deps.db, task.taskId, task.attempt));
  if (!jobId) return { kind: "skipped" };
  const outcome = await postJob(deps.config, buildJob(deps.config, { ...task, jobId }));
  if (outcome.accepted) {
    await updateTaskWhile(deps.db, task.taskId, ["QUEUED"], { dispatchedAt: new Date() });
    return { kind: "sent" };
  }
  if (outcome.busy) {
    if (await failIfWaitedTooLong(deps, message, task.queuedAt, now)) return { kind: "skipped" };
    // Stamped so the cron sees a live message and does not send a second one.
    await updateTaskWhile(deps.db, task.taskId, ["QUEUED"], { dispatchedAt: now });
    if (!message.busy_since) {
      await recordTaskEvent(deps.db, {
        taskId: task.taskId,
        type: "dispatch.compute_busy",
        payload: { attempt: task.attempt, retry_after_seconds: outcome.retryAfterSeconds },
      });
    }
    return { kind: "busy", delaySeconds: outcome.retryAfterSeconds };
  }
  logJson("warn", "dispatch failed", { task_id: task.taskId, attempt: task.attempt, reason: outcome.reason });
  return { kind: "retry" };
}

export async function consumeTaskBatch(deps: BackgroundDeps, batch: MessageBatch<unknown>): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      if (isWebhookDeliveryMessage(message.body)) {
        await consumeWebhookMessage(deps, message as Message<typeof message.body>);
        return;
      }
      if (!isTaskMessage(message.body)) {
        logJson("error", "dropping a malformed task message", { body: message.body });
        message.ack();
        return;
      }
      const body = message.body;
      try {
        const outcome = await dispatchTask(deps, body);
        if (outcome.kind === "retry") message.retry({ delaySeconds: retryDelaySeconds(deps.config, message.attempts) });
        else if (outcome.kind === "busy") {
          // A fresh message starts with no deliveries counted; sent before the ack so the task is never without one.
          await enqueueTask(deps.config, { ...body, busy_since: body.busy_since ?? new Date().toISOString() }, outcome.delaySeconds);
          message.ack();
        } else message.ack();
      } catch (err) {
        logJson("error", "dispatch error", { task_id: body.task_id, error: (err as Error).message });
        message.retry({ delaySeconds: retryDelaySeconds(deps.config, message.attempts) });
      }
    }),
  );
}

/**
 * A failed receiver is retried by deliverWebhook itself (a new delayed message). Only our own
 * failure (the database, the queue) retries this message, after the claim has gone stale, so the
 * redelivery can take the attempt over.
 */
const WEBHOOK_ERROR_RETRY_SECONDS = 150;

async function consumeWebhookMessage(
  deps: BackgroundDeps,
  message: Message<import("../services/webhooks/messages.js").WebhookDeliveryMessage>,
) {
  try {
    const result = await deliverWebhook(deps, message.body);
    logJson("info", "webhook delivery", {
      event_id: message.body.event_id,
      endpoint_id: message.body.endpoint_id,
      attempt: message.body.attempt,
      result,
    });
    message.ack();
  } catch (err) {
    logJson("error", "webhook delivery error", { event_id: message.body.event_id, error: (err as Error).message });
    message.retry({ delaySeconds: WEBHOOK_ERROR_RETRY_SECONDS });
  }
}
