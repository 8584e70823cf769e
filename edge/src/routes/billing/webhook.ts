import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { recordStripeEvent, stripeEventHandled } from "../../db/billing.js";
import { verifyWebhookEvent } from "../../services/stripe.js";
import { rawJsonBody, STRIPE_EVENT } from "../contract.js";
import { errorResponses } from "./schemas.js";
import { handleStripeEvent } from "./webhook-events.js";

const acknowledgement = z
  .object({
    received: z.literal(true),
    event_id: z.string(),
    outcome: z.enum(["credited", "already_credited", "credits_removed", "nothing_to_do", "ignored", "duplicate"]),
  })
  .openapi("StripeWebhookAck");

export const webhookRoute = createRoute({
  method: "post",
  path: "/billing/webhook",
  operationId: "receiveStripeWebhook",
  security: [{ stripeSignature: [] }],
  tags: ["billing"],
  summary: "Stripe events (signed). A paid checkout credits its pack exactly once; a refund takes the credits back",
  description: "The raw body is verified against the Stripe-Signature header; it is not parsed before that.",
  request: { body: rawJsonBody(STRIPE_EVENT, "A Stripe event, exactly as Stripe sent it") },
  responses: {
    200: {
      description: "Event handled, or already handled, or of a type this service ignores",
      content: { "application/json": { schema: acknowledgement } },
    },
    ...errorResponses({
      400: "BILLING_WEBHOOK_INVALID: missing or wrong signature",
      503: "BILLING_UNAVAILABLE: no webhook secret configured",
    }),
  },
});

export const webhookHandler: RouteHandler<typeof webhookRoute, AppEnv> = async (c) => {
  const { db, config } = c.var;
  // The signature covers the exact bytes Stripe sent, so read them before anything parses them.
  const rawBody = await c.req.text();
  const event = await verifyWebhookEvent(config, rawBody, c.req.header("stripe-signature"));
  if (await stripeEventHandled(db, event.id))
    return c.json({ received: true as const, event_id: event.id, outcome: "duplicate" as const }, 200);
  const outcome = await handleStripeEvent(db, config, event);
  // Recorded only once handled: a failure above answers 500 and Stripe delivers the event again.
  await recordStripeEvent(db, event.id, event.type);
  console.log(
    JSON.stringify({ level: "info", msg: "stripe event", request_id: c.var.requestId, event_id: event.id, type: event.type, outcome }),
  );
  return c.json({ received: true as const, event_id: event.id, outcome }, 200);
};
