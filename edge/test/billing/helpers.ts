/** Billing test helpers: Stripe-signed webhook deliveries and what the local Stripe server received. */
import { ulid } from "@agensium/shared";
import Stripe from "stripe";
import { inject } from "vitest";
import { api } from "../../../test/support/http.js";
import type { ReceivedStripeRequest } from "../../../test/support/stripe-server.js";
import { testDb } from "../../../test/support/users.js";

export interface TestPack {
  id: string;
  name: string;
  credits: number;
  price_cents: number;
  currency: string;
}

export function testPacks(): TestPack[] {
  return JSON.parse(inject("edgeVars").CREDIT_PACKS);
}

export async function stripeRequests(filter: (r: ReceivedStripeRequest) => boolean): Promise<ReceivedStripeRequest[]> {
  const res = await fetch(`${inject("stripeUrl")}/__requests`);
  return ((await res.json()) as ReceivedStripeRequest[]).filter(filter);
}

export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_test_${ulid()}`) {
  return { id, object: "event", type, api_version: "2025-01-27.acacia", created: Math.floor(Date.now() / 1000), data: { object } };
}

/** Posts an event the way Stripe does: the exact JSON bytes, signed with the endpoint's secret. */
export async function deliver(event: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? inject("edgeVars").STRIPE_WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
  return api("POST", "/billing/webhook", {
    rawBody: payload,
    headers: { "content-type": "application/json", "stripe-signature": signature },
  });
}

export async function storedBalance(userId: string): Promise<number> {
  const [rows] = await testDb().query<any[]>("SELECT balance_credits FROM credit_wallets WHERE user_id = ?", [userId]);
  return Number(rows[0]?.balance_credits ?? 0);
}

export async function ledgerRows(userId: string) {
  const [rows] = await testDb().query<any[]>(
    "SELECT id, delta_credits, type, stripe_checkout_session_id, stripe_payment_intent_id FROM credit_transactions WHERE user_id = ? ORDER BY id",
    [userId],
  );
  return rows.map((r) => ({
    id: r.id as string,
    delta: Number(r.delta_credits),
    type: r.type as string,
    session: r.stripe_checkout_session_id as string | null,
    paymentIntent: r.stripe_payment_intent_id as string | null,
  }));
}
