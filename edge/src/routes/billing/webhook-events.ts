/**
 * What each Stripe event does to the ledger. Every write is idempotent on its own (the unique
 * checkout session id for purchases, an idempotency key per refunded amount for refunds), so a
 * replay or two deliveries racing each other change nothing.
 */

import { creditsRemovedForPaymentIntent, findBillingUser, findPurchaseByPaymentIntent } from "../../db/billing.js";
import type { Database } from "../../db/client.js";
import { applyCreditChange } from "../../db/ledger.js";
import type { Config } from "../../env.js";
import type { StripeCharge, StripeCheckoutSession, StripeEvent } from "../../services/stripe.js";

export type EventOutcome = "credited" | "already_credited" | "credits_removed" | "nothing_to_do" | "ignored";

function log(level: "info" | "warn", msg: string, fields: Record<string, unknown>) {
  console.log(JSON.stringify({ level, msg, ...fields }));
}

function idOf(value: string | { id: string } | null | undefined): string | undefined {
  if (!value) return undefined;
  return typeof value === "string" ? value : value.id;
}

/** The pack's credits as recorded when the checkout started, so a later price change never alters a paid order. */
function creditsOf(session: StripeCheckoutSession, config: Config): number | undefined {
  const recorded = Number(session.metadata?.credits);
  if (Number.isSafeInteger(recorded) && recorded > 0) return recorded;
  return config.CREDIT_PACKS.find((pack) => pack.id === session.metadata?.pack_id)?.credits;
}

async function creditCheckout(db: Database, config: Config, session: StripeCheckoutSession, eventId: string): Promise<EventOutcome> {
  if (session.payment_status !== "paid") return "nothing_to_do";
  const userId = session.metadata?.user_id ?? session.client_reference_id ?? undefined;
  const credits = creditsOf(session, config);
  if (!userId || !credits || !(await findBillingUser(db, userId))) {
    log("warn", "paid checkout names no known user or pack", { event_id: eventId, session_id: session.id, user_id: userId });
    return "ignored";
  }
  const packName = config.CREDIT_PACKS.find((pack) => pack.id === session.metadata?.pack_id)?.name ?? session.metadata?.pack_id;
  const result = await applyCreditChange(db, {
    userId,
    delta: credits,
    type: "PURCHASE",
    reason: `Bought ${packName ?? "a credit pack"} (${credits} credits)`,
    stripeCheckoutSessionId: session.id,
    stripePaymentIntentId: idOf(session.payment_intent),
  });
  return result.status === "applied" ? "credited" : "already_credited";
}

/**
 * Takes back the refunded share of a purchase: all of it for a full refund, in proportion for a
 * partial one. A balance already spent is taken down to zero, never below.
 */
async function removeRefundedCredits(db: Database, charge: StripeCharge, eventId: string): Promise<EventOutcome> {
  const paymentIntentId = idOf(charge.payment_intent);
  const purchase = paymentIntentId ? await findPurchaseByPaymentIntent(db, paymentIntentId) : undefined;
  if (!paymentIntentId || !purchase) {
    log("warn", "refund for a payment with no purchase on record", { event_id: eventId, charge_id: charge.id });
    return "ignored";
  }
  const bought = Number(purchase.deltaCredits);
  const refundedShare = charge.refunded || charge.amount <= 0 ? 1 : Math.min(1, charge.amount_refunded / charge.amount);
  const owed = Math.floor(bought * refundedShare) - (await creditsRemovedForPaymentIntent(db, paymentIntentId));
  let amount = owed;
  // A debit refused for lack of balance is retried with what is there, a few times at most.
  for (let attempt = 0; amount > 0 && attempt < 5; attempt++) {
    const result = await applyCreditChange(db, {
      userId: purchase.userId,
      delta: -amount,
      type: "ADJUSTMENT",
      reason: `Refund of a credit purchase: ${amount} of ${bought} credits removed`,
      stripePaymentIntentId: paymentIntentId,
      idempotencyKey: `stripe-refund:${charge.id}:${charge.amount_refunded}`,
    });
    if (result.status !== "insufficient") return "credits_removed";
    amount = Math.min(amount, result.available);
  }
  if (owed > 0) log("warn", "refunded credits were already spent", { event_id: eventId, user_id: purchase.userId, owed });
  return "nothing_to_do";
}

export async function handleStripeEvent(db: Database, config: Config, event: StripeEvent): Promise<EventOutcome> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return creditCheckout(db, config, event.data.object, event.id);
    case "charge.refunded":
      return removeRefundedCredits(db, event.data.object, event.id);
    default:
      return "ignored";
  }
}
