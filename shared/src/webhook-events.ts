/**
 * The events a webhook endpoint can subscribe to: one per way a task ends. Each is recorded
 * once per task, terminal state and attempt, so its id is what a receiver dedupes on.
 */
import type { TaskStatus } from "./task-status.js";

export const WEBHOOK_EVENT_TYPES = ["task.completed", "task.failed", "task.cancelled", "task.expired"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const EVENT_OF_STATUS: Partial<Record<TaskStatus, WebhookEventType>> = {
  COMPLETED: "task.completed",
  FAILED: "task.failed",
  CANCELLED: "task.cancelled",
  EXPIRED: "task.expired",
};

/** The event a task entering `status` produces; undefined for a status that is not an end. */
export function webhookEventFor(status: TaskStatus): WebhookEventType | undefined {
  return EVENT_OF_STATUS[status];
}

/** The headers every delivery carries (Stripe/Svix style). */
export const WEBHOOK_SIGNATURE_HEADER = "Agensium-Signature";
export const WEBHOOK_EVENT_ID_HEADER = "Agensium-Event-Id";
export const WEBHOOK_SECRET_PREFIX = "whsec_";
