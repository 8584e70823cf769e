/**
 * The Stripe event envelope POST /billing/webhook receives, as far as this service reads it. It
 * documents the body; the handler verifies the raw bytes against Stripe-Signature and lets the
 * Stripe library parse them, so Stripe's many other fields pass through untouched.
 */
import { z } from "@hono/zod-openapi";

export const HANDLED_STRIPE_EVENTS = ["checkout.session.completed", "checkout.session.async_payment_succeeded", "charge.refunded"] as const;

export const stripeEventSchema = z
  .looseObject({
    id: z.string().openapi({ example: "evt_1PzX2a2eZvKYlo2C8qQ9d3Vn" }),
    object: z.literal("event"),
    type: z.string().openapi({
      description: `The event type. Acted on: ${HANDLED_STRIPE_EVENTS.join(", ")}; any other type is acknowledged and ignored`,
    }),
    created: z.number().int().openapi({ description: "Unix seconds" }),
    livemode: z.boolean(),
    data: z.looseObject({
      object: z
        .looseObject({
          id: z.string(),
          object: z.string().openapi({ example: "checkout.session" }),
          metadata: z.record(z.string(), z.string()).nullable().optional(),
        })
        .openapi({ description: "The Checkout Session or Charge the event is about" }),
    }),
  })
  .openapi("StripeEvent");
