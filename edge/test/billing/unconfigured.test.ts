/**
 * A worker started without Stripe settings (as in development without keys): buying credits and
 * the webhook answer 503 BILLING_UNAVAILABLE, while the wallet and ledger keep working.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../../local/stack.js";
import { type RunningWorker, startWorker } from "../../../local/worker.js";
import { createTestUser } from "../../../test/support/users.js";
import { stripeEvent } from "./helpers.js";

let worker: RunningWorker;

beforeAll(async () => {
  const { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL, ...vars } = inject("edgeVars");
  worker = await startWorker({ projectRoot: inject("projectRoot"), vars, port: await freePort(), quiet: true });
});

afterAll(async () => {
  await worker?.close();
  rmSync(join(inject("projectRoot"), ".local", `edge-bundle-${process.pid}`), { recursive: true, force: true });
});

async function call(method: string, path: string, init: { token?: string; body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(`${worker.url}${path}`, { method, headers, body: init.body });
  return { status: res.status, body: (await res.json()) as any };
}

describe("billing without Stripe keys", () => {
  it("answers POST /billing/checkout with 503 BILLING_UNAVAILABLE", async () => {
    const user = await createTestUser();
    const res = await call("POST", "/billing/checkout", { token: user.token, body: JSON.stringify({ pack_id: "starter" }) });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("BILLING_UNAVAILABLE");
  });

  it("still says which packs do not exist", async () => {
    const user = await createTestUser();
    const res = await call("POST", "/billing/checkout", { token: user.token, body: JSON.stringify({ pack_id: "platinum" }) });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("BILLING_PACK_NOT_FOUND");
  });

  it("answers POST /billing/webhook with 503 BILLING_UNAVAILABLE", async () => {
    const res = await call("POST", "/billing/webhook", {
      body: JSON.stringify(stripeEvent("checkout.session.completed", {})),
      headers: { "stripe-signature": "t=1,v1=00" },
    });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("BILLING_UNAVAILABLE");
  });

  it("keeps the wallet working on granted credits", async () => {
    const user = await createTestUser({ credits: 100 });
    const res = await call("GET", "/billing/wallet", { token: user.token });
    expect(res.body).toEqual({ balance_credits: 100 });
  });
});
