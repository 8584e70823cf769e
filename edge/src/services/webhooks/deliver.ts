/**
 * One delivery attempt of one event to one endpoint, from its queue message: claim the attempt,
 * check the URL again, POST the signed event (bounded by WEBHOOK_TIMEOUT_MS, redirects not
 * followed), record what happened, and send the next attempt as a delayed message unless this
 * one was a 2xx or the last. At-least-once: a receiver may see an event more than once (a lost
 * answer, a consumer that died mid-way) and dedupes on its id.
 */
import type { Database } from "../../db/client.js";
import { claimDelivery, findWebhookEndpoint, findWebhookEvent, finishDelivery } from "../../db/webhooks.js";
import type { Config } from "../../env.js";
import { type WebhookDeliveryMessage, webhookDeliveryMessage } from "./messages.js";
import { targetPolicy, webhookRetryDelaySeconds } from "./policy.js";
import { openSecret } from "./secret-box.js";
import { deliveryHeaders } from "./signature.js";
import { checkWebhookUrl } from "./target.js";

export interface DeliverDeps {
  db: Database;
  config: Config;
}

/** A claim older than this was left by a consumer that died (the POST itself is bounded far below it). */
const CLAIM_STALE_MS = 2 * 60_000;
/** The part of a receiver's answer kept with a failed attempt. */
const ERROR_EXCERPT = 200;

export type DeliveryResult = "delivered" | "retrying" | "failed" | "skipped";

interface AttemptOutcome {
  ok: boolean;
  /** Refused before any request (the URL is no longer allowed): retrying cannot help. */
  permanent: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
}

async function post(config: Config, url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(config.WEBHOOK_TIMEOUT_MS),
    });
    const text = (await res.text()).slice(0, ERROR_EXCERPT);
    const durationMs = Date.now() - started;
    if (res.status >= 200 && res.status < 300) return { ok: true, permanent: false, statusCode: res.status, error: null, durationMs };
    const error = res.status >= 300 && res.status < 400 ? `redirect to ${res.headers.get("location") ?? "?"} not followed` : text || null;
    return { ok: false, permanent: false, statusCode: res.status, error, durationMs };
  } catch (err) {
    const e = err as Error;
    const error = e.name === "TimeoutError" ? `no answer within ${config.WEBHOOK_TIMEOUT_MS} ms` : `request failed: ${e.message}`;
    return { ok: false, permanent: false, statusCode: null, error, durationMs: Date.now() - started };
  }
}

export async function deliverWebhook(deps: DeliverDeps, message: WebhookDeliveryMessage, now = new Date()): Promise<DeliveryResult> {
  const { db, config } = deps;
  const [event, endpoint] = await Promise.all([findWebhookEvent(db, message.event_id), findWebhookEndpoint(db, message.endpoint_id)]);
  // Deleted or switched off since the event was published: nothing is owed to it.
  if (!event || !endpoint?.enabled || endpoint.userId !== event.userId) return "skipped";
  const key = { eventId: event.id, endpointId: endpoint.id, attempt: message.attempt };
  const deliveryId = await claimDelivery(db, key, new Date(now.getTime() - CLAIM_STALE_MS));
  if (!deliveryId) return "skipped";

  const target = checkWebhookUrl(endpoint.url, targetPolicy(config));
  let outcome: AttemptOutcome;
  if (!target.ok) {
    outcome = {
      ok: false,
      permanent: true,
      statusCode: null,
      error: `${target.code}: the URL ${target.reason}; not sent`,
      durationMs: null,
    };
  } else {
    const body = JSON.stringify(event.payload);
    const secret = await openSecret(config.WEBHOOK_SECRETS_KEY, endpoint.id, endpoint.secretCiphertext);
    outcome = await post(config, target.url.toString(), await deliveryHeaders(secret, event.id, body), body);
  }

  const result = { statusCode: outcome.statusCode, error: outcome.error, durationMs: outcome.durationMs };
  if (outcome.ok) {
    await finishDelivery(db, deliveryId, { ...result, outcome: "delivered", nextRetryAt: null });
    return "delivered";
  }
  if (outcome.permanent || message.attempt >= config.WEBHOOK_MAX_ATTEMPTS) {
    await finishDelivery(db, deliveryId, { ...result, outcome: "failed", nextRetryAt: null });
    return "failed";
  }
  const delaySeconds = webhookRetryDelaySeconds(config, message.attempt);
  // Sent before this attempt's row is finished: if we stop in between, the row stays "sending",
  // the queue redelivers this message, and the next attempt's claim keeps the copy from doubling.
  if (!config.TASK_QUEUE) throw new Error("The TASK_QUEUE binding is not configured");
  await config.TASK_QUEUE.send(webhookDeliveryMessage(event.id, endpoint.id, message.attempt + 1), { delaySeconds });
  await finishDelivery(db, deliveryId, { ...result, outcome: "retrying", nextRetryAt: new Date(Date.now() + delaySeconds * 1000) });
  return "retrying";
}
