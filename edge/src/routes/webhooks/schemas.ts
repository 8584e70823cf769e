/** Shapes the webhook routes share. */
import { WEBHOOK_EVENT_TYPES } from "@agensium/shared";
import { z } from "@hono/zod-openapi";
import type { WebhookDelivery, WebhookEndpoint } from "../../db/schema/index.js";
import { MAX_WEBHOOK_URL_LENGTH } from "../../services/webhooks/target.js";

export { errorResponses, jsonBody, jsonContent } from "../openapi.js";

export const webhookIdParams = z.object({ id: z.string().min(1).max(40).openapi({ example: "whk_01JD5Z8Q2W3E4R5T6Y7U8I9O0P" }) });

export const webhookUrl = z.string().min(1).max(MAX_WEBHOOK_URL_LENGTH).openapi({
  description: "Where events are POSTed: https in production, never a private address",
  example: "https://ci.example.com/hooks/agensium",
});

export const webhookEvents = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, "Each event may appear once")
  .openapi({ example: ["task.completed", "task.failed"] });

export const webhookDescription = z.string().trim().max(200);

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    enabled: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
    secret_rotated_at: z.string().nullable(),
  })
  .openapi("WebhookEndpoint");

export const webhookEndpointWithSecret = webhookEndpointSchema
  .extend({ secret: z.string().openapi({ description: "The signing secret; shown in this answer only", example: "whsec_…" }) })
  .openapi("WebhookEndpointWithSecret");

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function webhookEndpointView(endpoint: WebhookEndpoint): z.infer<typeof webhookEndpointSchema> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description ?? null,
    events: endpoint.events,
    enabled: endpoint.enabled,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
    secret_rotated_at: iso(endpoint.secretRotatedAt),
  };
}

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    event_type: z.enum(WEBHOOK_EVENT_TYPES),
    task_id: z.string(),
    attempt: z.number().int(),
    outcome: z.enum(["sending", "delivered", "retrying", "failed"]),
    status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    created_at: z.string(),
    next_retry_at: z.string().nullable(),
  })
  .openapi("WebhookDelivery");

export function webhookDeliveryView(
  delivery: WebhookDelivery & { eventType: (typeof WEBHOOK_EVENT_TYPES)[number]; taskId: string },
): z.infer<typeof webhookDeliverySchema> {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    task_id: delivery.taskId,
    attempt: delivery.attempt,
    outcome: delivery.outcome,
    status_code: delivery.statusCode ?? null,
    error: delivery.error ?? null,
    duration_ms: delivery.durationMs ?? null,
    created_at: delivery.createdAt.toISOString(),
    next_retry_at: iso(delivery.nextRetryAt),
  };
}

/** Keys may manage webhooks with the webhooks:read / webhooks:write scopes. */
export const webhookRouteErrors = {
  401: "AUTH_REQUIRED, AUTH_INVALID_TOKEN or AUTH_TOKEN_EXPIRED",
  403: "AUTH_SCOPE_FORBIDDEN (an API key without the webhooks scope), AUTH_NOT_VERIFIED or AUTH_ACCOUNT_DISABLED",
};

export const webhookNotFound = { 404: "WEBHOOK_NOT_FOUND (also for another user's endpoint)" };

export const webhookUrlErrors = {
  400: "VALIDATION_ERROR, WEBHOOK_URL_INVALID (not http(s), too long, credentials, http in production) or WEBHOOK_URL_FORBIDDEN (a private, loopback, link-local or internal address)",
};
