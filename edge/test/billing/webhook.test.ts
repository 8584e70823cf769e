/**
 * POST /billing/webhook with events signed by the stripe package's test-header helper, built from
 * the Checkout Session the local Stripe server created for a real POST /billing/checkout.
 */
import { ulid } from "@agensium/shared";
import Stripe from "stripe";
import { describe, expect, inject, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { deliver, ledgerRows, storedBalance, stripeEvent, testPacks } from "./helpers.js";

/** Starts a checkout through the API and returns the session as Stripe reports it once paid. */
async function paidSession(user: TestUser, packId: string): Promise<Record<string, any>> {
  const started = await api("POST", "/billing/checkout", { token: user.token, body: { pack_id: packId } });
  expect(started.status).toBe(200);
  const res = await fetch(`${inject("stripeUrl")}/v1/checkout/sessions/${started.body.session_id}`, {
    headers: { authorization: `Bearer ${inject("edgeVars").STRIPE_SECRET_KEY}` },
  });
  const session = (await res.json()) as Record<string, unknown>;
  return { ...session, status: "complete", payment_status: "paid", payment_intent: `pi_test_${ulid()}` };
}

function chargeFor(session: Record<string, unknown>, refunded: number) {
  const amount = session.amount_total as number;
  return {
    id: `ch_test_${ulid()}`,
    object: "charge",
    amount,
    amount_refunded: refunded,
    refunded: refunded >= amount,
    currency: session.currency,
    payment_intent: session.payment_intent,
  };
}

const starter = () => testPacks()[0];

describe("POST /billing/webhook signature", () => {
  it("refuses a missing, wrong, foreign or stale signature with 400 BILLING_WEBHOOK_INVALID and changes nothing", async () => {
    const user = await createTestUser();
    const session = await paidSession(user, starter().id);
    const event = stripeEvent("checkout.session.completed", session);
    const payload = JSON.stringify(event);
    const attempts = [
      await api("POST", "/billing/webhook", { rawBody: payload, headers: { "content-type": "application/json" } }),
      await api("POST", "/billing/webhook", { rawBody: payload, headers: { "stripe-signature": "t=1,v1=deadbeef" } }),
      await deliver(event, { secret: "whsec_someone_else" }),
      await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3_600 }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("BILLING_WEBHOOK_INVALID");
    }
    expect(await storedBalance(user.id)).toBe(0);
    expect(await ledgerRows(user.id)).toHaveLength(0);
  });

  it("refuses a body altered after it was signed", async () => {
    const user = await createTestUser();
    const session = await paidSession(user, starter().id);
    const event = stripeEvent("checkout.session.completed", session);
    const signed = Stripe.webhooks.generateTestHeaderString({
      payload: JSON.stringify(event),
      secret: inject("edgeVars").STRIPE_WEBHOOK_SECRET,
    });
    const tampered = JSON.stringify({
      ...event,
      data: { object: { ...session, metadata: { ...(session.metadata as object), credits: "999999" } } },
    });
    const res = await api("POST", "/billing/webhook", { rawBody: tampered, headers: { "stripe-signature": signed } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("BILLING_WEBHOOK_INVALID");
    expect(await storedBalance(user.id)).toBe(0);
  });
});

describe("POST /billing/webhook checkout.session.completed", () => {
  it("credits the pack once, however often or however concurrently Stripe delivers", async () => {
    const user = await createTestUser({ credits: 40 });
    const pack = starter();
    const session = await paidSession(user, pack.id);
    const event = stripeEvent("checkout.session.completed", session);

    const first = await deliver(event);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: true, event_id: event.id, outcome: "credited" });
    expect(await storedBalance(user.id)).toBe(40 + pack.credits);

    const replay = await deliver(event);
    expect(replay.status).toBe(200);
    expect(replay.body.outcome).toBe("duplicate");
    // The same session under other event ids (Stripe resends, or async_payment_succeeded), several at once.
    const others = await Promise.all([
      deliver(stripeEvent("checkout.session.completed", session)),
      deliver(stripeEvent("checkout.session.completed", session)),
      deliver(stripeEvent("checkout.session.async_payment_succeeded", session)),
    ]);
    for (const res of others) {
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe("already_credited");
    }

    expect(await storedBalance(user.id)).toBe(40 + pack.credits);
    const purchases = (await ledgerRows(user.id)).filter((row) => row.type === "PURCHASE");
    expect(purchases).toEqual([
      expect.objectContaining({ delta: pack.credits, session: session.id, paymentIntent: session.payment_intent }),
    ]);
    const wallet = await api("GET", "/billing/wallet", { token: user.token });
    expect(wallet.body.balance_credits).toBe(40 + pack.credits);
    const [events] = await testDb().query<any[]>("SELECT type FROM stripe_events WHERE id = ?", [event.id]);
    expect(events).toEqual([{ type: "checkout.session.completed" }]);
  });

  it("credits nothing while the payment is still unpaid", async () => {
    const user = await createTestUser();
    const session = { ...(await paidSession(user, starter().id)), payment_status: "unpaid" };
    const res = await deliver(stripeEvent("checkout.session.completed", session));
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("nothing_to_do");
    expect(await storedBalance(user.id)).toBe(0);
  });

  it("acknowledges event types it does not handle", async () => {
    const res = await deliver(stripeEvent("customer.created", { id: `cus_test_${ulid()}`, object: "customer" }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, outcome: "ignored" });
  });
});

describe("POST /billing/webhook charge.refunded", () => {
  it("takes a fully refunded pack's credits back with an ADJUSTMENT, once", async () => {
    const user = await createTestUser({ credits: 10 });
    const pack = starter();
    const session = await paidSession(user, pack.id);
    await deliver(stripeEvent("checkout.session.completed", session));
    expect(await storedBalance(user.id)).toBe(10 + pack.credits);

    const refund = stripeEvent("charge.refunded", chargeFor(session, session.amount_total as number));
    const res = await deliver(refund);
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("credits_removed");
    expect((await deliver(refund)).body.outcome).toBe("duplicate");
    // Stripe sending the same refund under a new event id takes nothing more.
    await deliver(stripeEvent("charge.refunded", refund.data.object));

    expect(await storedBalance(user.id)).toBe(10);
    const adjustments = (await ledgerRows(user.id)).filter((row) => row.type === "ADJUSTMENT");
    expect(adjustments).toEqual([expect.objectContaining({ delta: -pack.credits, paymentIntent: session.payment_intent })]);
    const ledgerSum = (await ledgerRows(user.id)).reduce((sum, row) => sum + row.delta, 0);
    expect(ledgerSum).toBe(10);
  });

  it("takes back the refunded share of a partial refund, then the rest", async () => {
    const user = await createTestUser();
    const pack = testPacks()[1];
    const session = await paidSession(user, pack.id);
    await deliver(stripeEvent("checkout.session.completed", session));
    const amount = session.amount_total as number;
    expect(amount).toBe(pack.price_cents);

    const charge = chargeFor(session, amount / 4);
    await deliver(stripeEvent("charge.refunded", charge));
    const quarter = Math.floor(pack.credits / 4);
    expect(await storedBalance(user.id)).toBe(pack.credits - quarter);

    await deliver(stripeEvent("charge.refunded", { ...charge, amount_refunded: amount, refunded: true }));
    expect(await storedBalance(user.id)).toBe(0);
    const adjustments = (await ledgerRows(user.id)).filter((row) => row.type === "ADJUSTMENT").map((row) => row.delta);
    expect(adjustments).toEqual([-quarter, -(pack.credits - quarter)]);
  });

  it("never takes the balance below zero when the credits were already spent", async () => {
    const user = await createTestUser();
    const pack = starter();
    const session = await paidSession(user, pack.id);
    await deliver(stripeEvent("checkout.session.completed", session));
    const spent = pack.credits - 30;
    await testDb().query("UPDATE credit_wallets SET balance_credits = balance_credits - ? WHERE user_id = ?", [spent, user.id]);
    await testDb().query("INSERT INTO credit_transactions (id, user_id, delta_credits, type, reason) VALUES (?, ?, ?, 'CONSUME', 'runs')", [
      ulid(),
      user.id,
      -spent,
    ]);

    const res = await deliver(stripeEvent("charge.refunded", chargeFor(session, session.amount_total as number)));
    expect(res.status).toBe(200);
    expect(await storedBalance(user.id)).toBe(0);
    const rows = await ledgerRows(user.id);
    expect(rows.filter((row) => row.type === "ADJUSTMENT").map((row) => row.delta)).toEqual([-30]);
    expect(rows.reduce((sum, row) => sum + row.delta, 0)).toBe(0);
  });

  it("ignores a refund of a payment that bought no credits", async () => {
    const res = await deliver(
      stripeEvent("charge.refunded", {
        id: `ch_test_${ulid()}`,
        object: "charge",
        amount: 500,
        amount_refunded: 500,
        refunded: true,
        payment_intent: `pi_test_${ulid()}`,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("ignored");
  });
});
