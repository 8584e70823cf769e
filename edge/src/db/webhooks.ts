/**
 * Queries on webhook endpoints, their events (an outbox written with the task's status change)
 * and every delivery attempt.
 */
import { newId, type WebhookEventType, webhookEventFor } from "@agensium/shared";
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { webhookEventBody } from "../services/webhooks/event-body.js";
import type { Database } from "./client.js";
import {
  type DeliveryOutcome,
  tasks,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEvent,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
} from "./schema/index.js";

/** A transaction handle, or the database itself: the event is written in whichever the caller holds. */
export type Queryable = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

export async function insertWebhookEndpoint(
  db: Database,
  endpoint: Pick<WebhookEndpoint, "id" | "userId" | "url" | "description" | "events" | "secretCiphertext">,
): Promise<void> {
  await db.insert(webhookEndpoints).values(endpoint);
}

export async function countWebhookEndpoints(db: Database, userId: string, cap: number): Promise<number> {
  const rows = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.userId, userId))
    .limit(cap + 1);
  return rows.length;
}

export async function listWebhookEndpoints(db: Queryable, userId: string): Promise<WebhookEndpoint[]> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.userId, userId)).orderBy(desc(webhookEndpoints.id)).limit(100);
}

/** The user's endpoint; another user's is indistinguishable from none. */
export async function findUserWebhookEndpoint(db: Database, userId: string, id: string): Promise<WebhookEndpoint | undefined> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)))
    .limit(1);
  return row;
}

export async function findWebhookEndpoint(db: Database, id: string): Promise<WebhookEndpoint | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1);
  return row;
}

export async function updateWebhookEndpoint(
  db: Database,
  userId: string,
  id: string,
  set: Partial<Pick<WebhookEndpoint, "url" | "description" | "events" | "enabled" | "secretCiphertext" | "secretRotatedAt">>,
): Promise<boolean> {
  const result = await db
    .update(webhookEndpoints)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)));
  return result.rowsAffected === 1;
}

/** Deletes the endpoint and its delivery history; events stay (other endpoints may share them). */
export async function deleteWebhookEndpoint(db: Database, userId: string, id: string): Promise<boolean> {
  const result = await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)));
  if (result.rowsAffected !== 1) return false;
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
  return true;
}

/** The user's enabled endpoints that subscribe to `type`. */
export async function subscribedEndpoints(db: Queryable, userId: string, type: WebhookEventType): Promise<WebhookEndpoint[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.userId, userId), eq(webhookEndpoints.enabled, true)))
    .limit(100);
  return rows.filter((endpoint) => endpoint.events.includes(type));
}

/**
 * Called inside transitionTask's transaction after a task entered a terminal status: writes the
 * event when someone listens for it. The unique (task, type, attempt) key makes a second write
 * for the same ending a no-op, whatever path tries it.
 */
export async function recordWebhookEvent(tx: Queryable, taskId: string): Promise<void> {
  const [task] = await tx.select().from(tasks).where(eq(tasks.taskId, taskId)).limit(1);
  const type = task ? webhookEventFor(task.status) : undefined;
  if (!task || !type) return;
  if ((await subscribedEndpoints(tx, task.userId, type)).length === 0) return;
  const id = newId("webhookEvent");
  const now = new Date();
  await tx
    .insert(webhookEvents)
    .values({
      id,
      taskId,
      userId: task.userId,
      type,
      attempt: task.attempt,
      payload: { ...webhookEventBody(id, type, task, now) },
      createdAt: now,
    })
    .onDuplicateKeyUpdate({ set: { id: sql`${webhookEvents.id}` } });
}

export async function findWebhookEvent(db: Database, id: string): Promise<WebhookEvent | undefined> {
  const [row] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, id)).limit(1);
  return row;
}

export async function unpublishedEventsOfTask(db: Database, taskId: string): Promise<WebhookEvent[]> {
  return db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.taskId, taskId), isNull(webhookEvents.publishedAt)))
    .limit(10);
}

/** Events whose queue messages were never sent (the request that wrote them ended first), oldest first. */
export async function unpublishedEventsBefore(db: Database, before: Date, limit: number): Promise<WebhookEvent[]> {
  return db
    .select()
    .from(webhookEvents)
    .where(and(isNull(webhookEvents.publishedAt), lt(webhookEvents.createdAt, before)))
    .orderBy(webhookEvents.createdAt)
    .limit(limit);
}

export async function markEventPublished(db: Database, id: string, at: Date): Promise<void> {
  await db
    .update(webhookEvents)
    .set({ publishedAt: at })
    .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.publishedAt)));
}

/**
 * Claims an attempt: its delivery id when this consumer inserted the row, or took over one left
 * "sending" before `staleBefore` by a consumer that died mid-way; undefined when another has it.
 * Who inserted is read back by id, not from the affected-row count (which CLIENT_FOUND_ROWS
 * makes 1 for a duplicate left unchanged).
 */
export async function claimDelivery(
  db: Database,
  delivery: { eventId: string; endpointId: string; attempt: number },
  staleBefore: Date,
): Promise<string | undefined> {
  const id = newId("webhookDelivery");
  await db
    .insert(webhookDeliveries)
    .values({ id, ...delivery, outcome: "sending" })
    .onDuplicateKeyUpdate({ set: { id: sql`${webhookDeliveries.id}` } });
  const sameAttempt = and(
    eq(webhookDeliveries.eventId, delivery.eventId),
    eq(webhookDeliveries.endpointId, delivery.endpointId),
    eq(webhookDeliveries.attempt, delivery.attempt),
  );
  const [row] = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(sameAttempt).limit(1);
  if (!row) return undefined;
  if (row.id === id) return id;
  // A new claim time makes a second, concurrent takeover find the row fresh and give up.
  const takenOver = await db
    .update(webhookDeliveries)
    .set({ createdAt: new Date() })
    .where(and(sameAttempt, eq(webhookDeliveries.outcome, "sending"), lt(webhookDeliveries.createdAt, staleBefore)));
  return takenOver.rowsAffected === 1 ? row.id : undefined;
}

export async function finishDelivery(
  db: Database,
  id: string,
  result: {
    outcome: Exclude<DeliveryOutcome, "sending">;
    statusCode: number | null;
    error: string | null;
    durationMs: number | null;
    nextRetryAt: Date | null;
  },
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ ...result, error: result.error?.slice(0, 500) ?? null })
    .where(eq(webhookDeliveries.id, id));
}

export type DeliveryRow = WebhookDelivery & { eventType: WebhookEventType; taskId: string };

/** An endpoint's attempts, newest first, keyset-paged on the delivery id (a ULID). */
export async function listDeliveries(
  db: Database,
  endpointId: string,
  options: { before?: string; limit: number },
): Promise<DeliveryRow[]> {
  const rows = await db
    .select({ delivery: webhookDeliveries, eventType: webhookEvents.type, taskId: webhookEvents.taskId })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.endpointId, endpointId), options.before ? lt(webhookDeliveries.id, options.before) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(options.limit);
  return rows.map((r) => ({ ...r.delivery, eventType: r.eventType, taskId: r.taskId }));
}
