/** POST /billing/checkout through the real stripe package against the local Stripe server. */
import { describe, expect, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { describeAuthenticatedRoute } from "../../../test/support/security.js";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { stripeRequests, testPacks } from "./helpers.js";

describeAuthenticatedRoute("POST", "/billing/checkout", { pack_id: "starter" });

async function storedCustomer(userId: string): Promise<string | null> {
  const [rows] = await testDb().query<any[]>("SELECT stripe_customer_id FROM users WHERE id = ?", [userId]);
  return rows[0].stripe_customer_id;
}

describe("POST /billing/checkout", () => {
  it("creates a Checkout Session for the pack with user and pack on it", async () => {
    const user = await createTestUser();
    const pack = testPacks()[1];
    const res = await api("POST", "/billing/checkout", { token: user.token, body: { pack_id: pack.id } });
    expect(res.status).toBe(200);
    expect(res.body.session_id).toMatch(/^cs_test_/);
    expect(res.body.checkout_url).toBe(`https://checkout.stripe.test/c/pay/${res.body.session_id}`);

    const [created] = await stripeRequests((r) => r.path === "/v1/checkout/sessions" && r.params.client_reference_id === user.id);
    expect(created.params).toMatchObject({
      mode: "payment",
      client_reference_id: user.id,
      customer: await storedCustomer(user.id),
      metadata: { user_id: user.id, pack_id: pack.id, credits: String(pack.credits) },
      payment_intent_data: { metadata: { user_id: user.id, pack_id: pack.id } },
      line_items: [{ quantity: "1", price_data: { currency: pack.currency, unit_amount: String(pack.price_cents) } }],
    });
    expect(String(created.params.success_url)).toContain("session_id={CHECKOUT_SESSION_ID}");
    expect(created.params.cancel_url).toEqual(expect.any(String));
  });

  it("creates the Stripe customer once and keeps it for later checkouts", async () => {
    const user = await createTestUser();
    const first = await api("POST", "/billing/checkout", { token: user.token, body: { pack_id: "starter" } });
    const second = await api("POST", "/billing/checkout", { token: user.token, body: { pack_id: "starter" } });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.session_id).not.toBe(first.body.session_id);

    const customers = await stripeRequests((r) => r.path === "/v1/customers" && (r.params.metadata as any)?.user_id === user.id);
    expect(customers).toHaveLength(1);
    expect(customers[0].params).toMatchObject({ email: user.email, name: "Test User" });
    const customerId = await storedCustomer(user.id);
    expect(customerId).toMatch(/^cus_test_/);
    const sessions = await stripeRequests((r) => r.path === "/v1/checkout/sessions" && r.params.client_reference_id === user.id);
    expect(sessions.map((s) => s.params.customer)).toEqual([customerId, customerId]);
  });

  it("ends with one customer when a user's first two checkouts race", async () => {
    const user = await createTestUser();
    const both = await Promise.all([
      api("POST", "/billing/checkout", { token: user.token, body: { pack_id: "starter" } }),
      api("POST", "/billing/checkout", { token: user.token, body: { pack_id: "bulk" } }),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const customerId = await storedCustomer(user.id);
    const sessions = await stripeRequests((r) => r.path === "/v1/checkout/sessions" && r.params.client_reference_id === user.id);
    expect(sessions.map((s) => s.params.customer)).toEqual([customerId, customerId]);
  });

  it("answers 404 BILLING_PACK_NOT_FOUND for a pack that is not on sale, without calling Stripe", async () => {
    const user = await createTestUser();
    const res = await api("POST", "/billing/checkout", { token: user.token, body: { pack_id: "platinum" } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("BILLING_PACK_NOT_FOUND");
    expect(res.body.error.details.available).toEqual(testPacks().map((p) => p.id));
    expect(await stripeRequests((r) => JSON.stringify(r.params).includes(user.id))).toHaveLength(0);
  });

  it("answers 400 VALIDATION_ERROR without a pack id", async () => {
    const user = await createTestUser();
    for (const body of [{}, { pack_id: "" }, { pack_id: 3 }, { pack_id: "starter", credits: 1_000_000 }]) {
      const res = await api("POST", "/billing/checkout", { token: user.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
  });

  it("answers 503 BILLING_UNAVAILABLE when Stripe refuses the session", async () => {
    const user = await createTestUser();
    // A customer Stripe does not know: Stripe answers 400 resource_missing.
    await testDb().query("UPDATE users SET stripe_customer_id = ? WHERE id = ?", [`cus_test_gone_${user.id}`, user.id]);
    const res = await api("POST", "/billing/checkout", { token: user.token, body: { pack_id: "starter" } });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("BILLING_UNAVAILABLE");
    expect(res.body.error.message).not.toContain("cus_test_gone");
  });
});
