/**
 * Sends a recorded event's queue messages, one per subscribed endpoint. Called right after a
 * transition that ended a task, and by the cron for events whose request ended before it could
 * (the event row is the outbox). Messages are sent before the row is marked published: a crash
 * in between sends them again, and the delivery claim (event, endpoint, attempt) drops the copy.
 */
import type { Database } from "../../db/client.js";
import type { WebhookEvent } from "../../db/schema/index.js";
import { markEventPublished, subscribedEndpoints, unpublishedEventsBefore, unpublishedEventsOfTask } from "../../db/webhooks.js";
import type { Config } from "../../env.js";
import { type WebhookDeliveryMessage, webhookDeliveryMessage } from "./messages.js";

export interface PublishDeps {
  db: Database;
  config: Config;
}

async function publishEvent(deps: PublishDeps, event: WebhookEvent): Promise<void> {
  const queue = deps.config.TASK_QUEUE;
  if (!queue) throw new Error("The TASK_QUEUE binding is not configured");
  const endpoints = await subscribedEndpoints(deps.db, event.userId, event.type);
  const messages: { body: WebhookDeliveryMessage }[] = endpoints.map((endpoint) => ({
    body: webhookDeliveryMessage(event.id, endpoint.id, 1),
  }));
  if (messages.length > 0) await queue.sendBatch(messages);
  await markEventPublished(deps.db, event.id, new Date());
}

/** Publishes the task's pending events; never throws (the cron retries what fails here). */
export async function publishTaskWebhooks(deps: PublishDeps, taskId: string): Promise<void> {
  try {
    for (const event of await unpublishedEventsOfTask(deps.db, taskId)) await publishEvent(deps, event);
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "webhook publish failed", task_id: taskId, error: (err as Error).message }));
  }
}

/** Events left unpublished for longer than `graceMs`; how many were sent. */
export async function publishStrandedWebhooks(deps: PublishDeps, now: Date, graceMs: number, limit = 100): Promise<number> {
  const stranded = await unpublishedEventsBefore(deps.db, new Date(now.getTime() - graceMs), limit);
  for (const event of stranded) await publishEvent(deps, event);
  return stranded.length;
}
