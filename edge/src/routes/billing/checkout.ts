import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { findBillingUser, keepStripeCustomerId } from "../../db/billing.js";
import type { Database } from "../../db/client.js";
import type { CreditPack } from "../../env.js";
import { ApiError } from "../../errors.js";
import { createStripeClient, type StripeClient, stripeFailure } from "../../services/stripe.js";
import { errorResponses, sessionOnlyErrors } from "./schemas.js";

const checkoutBody = z.object({ pack_id: z.string().min(1).max(100).openapi({ example: "starter" }) }).strict();

const checkoutSchema = z
  .object({
    checkout_url: z.string().url().openapi({ description: "Send the browser here to pay" }),
    session_id: z.string(),
  })
  .openapi("CheckoutSession");

export const checkoutRoute = createRoute({
  method: "post",
  path: "/billing/checkout",
  operationId: "createCheckout",
  security: [{ bearerAuth: [] }],
  tags: ["billing"],
  summary: "Start a Stripe Checkout for a credit pack; the credits arrive when Stripe reports the payment",
  request: { body: { required: true, content: { "application/json": { schema: checkoutBody } } } },
  responses: {
    200: { description: "A Checkout Session to redirect to", content: { "application/json": { schema: checkoutSchema } } },
    ...errorResponses({
      400: "VALIDATION_ERROR",
      ...sessionOnlyErrors,
      404: "BILLING_PACK_NOT_FOUND",
      503: "BILLING_UNAVAILABLE: payments not configured or Stripe unreachable",
    }),
  },
});

/** Stripe replaces the literal {CHECKOUT_SESSION_ID}, so it must not be percent-encoded. */
function withSessionId(url: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}session_id={CHECKOUT_SESSION_ID}`;
}

/** The user's Stripe customer, created on their first checkout and kept in users.stripe_customer_id. */
async function customerFor(stripe: StripeClient, db: Database, userId: string): Promise<string> {
  const user = await findBillingUser(db, userId);
  if (!user) throw new ApiError("AUTH_INVALID_TOKEN", "The access token names no user");
  if (user.stripeCustomerId) return user.stripeCustomerId;
  // The idempotency key makes Stripe answer concurrent first checkouts with the same customer.
  const customer = await stripe.customers.create(
    { email: user.email, name: user.fullName, metadata: { user_id: user.id } },
    { idempotencyKey: `agensium-customer-${user.id}` },
  );
  return keepStripeCustomerId(db, user.id, customer.id);
}

function packMetadata(userId: string, pack: CreditPack) {
  return { user_id: userId, pack_id: pack.id, credits: String(pack.credits) };
}

export const checkoutHandler: RouteHandler<typeof checkoutRoute, AppEnv> = async (c) => {
  const user = await requireUser(c);
  const { pack_id: packId } = c.req.valid("json");
  const { config } = c.var;
  const pack = config.CREDIT_PACKS.find((candidate) => candidate.id === packId);
  if (!pack) {
    throw new ApiError("BILLING_PACK_NOT_FOUND", `There is no credit pack "${packId}"`, {
      available: config.CREDIT_PACKS.map((p) => p.id),
    });
  }
  const stripe = createStripeClient(config);
  try {
    const customer = await customerFor(stripe, c.var.db, user.id);
    const metadata = packMetadata(user.id, pack);
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      customer,
      client_reference_id: user.id,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: pack.currency,
            unit_amount: pack.price_cents,
            product_data: { name: `${pack.name}: ${pack.credits} Agensium credits` },
          },
        },
      ],
      metadata,
      payment_intent_data: { metadata },
      success_url: withSessionId(config.CHECKOUT_SUCCESS_URL),
      cancel_url: config.CHECKOUT_CANCEL_URL,
    });
    if (!session.url) throw new ApiError("BILLING_UNAVAILABLE", "Stripe did not return a checkout address; try again shortly");
    return c.json({ checkout_url: session.url, session_id: session.id }, 200);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    stripeFailure(err, c.var.requestId);
  }
};
