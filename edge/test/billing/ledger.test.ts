/**
 * The credit ledger, driven in this process through the real @planetscale/database driver and
 * the local PlanetScale HTTP server in front of the real database — the same path the worker takes.
 * What was written is read back over a direct connection, independently of the code under test.
 */
import { ulid } from "@agensium/shared";
import { describe, expect, inject, it } from "vitest";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { createDatabase } from "../../src/db/client.js";
import { applyCreditChange, walletBalance } from "../../src/db/ledger.js";

// Fifty debits queue on one wallet row here; on a loaded machine the last waits longer than the
// worker's 5-second query bound, which is not what these tests are about.
const db = createDatabase(inject("planetscaleUrl"), { queryTimeoutMs: 60_000 });

async function ledgerOf(userId: string) {
  const [rows] = await testDb().query<any[]>("SELECT delta_credits, type, idempotency_key FROM credit_transactions WHERE user_id = ?", [
    userId,
  ]);
  return rows.map((r) => ({ delta: Number(r.delta_credits), type: r.type as string, key: r.idempotency_key as string | null }));
}

async function storedBalance(userId: string): Promise<number> {
  const [rows] = await testDb().query<any[]>("SELECT balance_credits FROM credit_wallets WHERE user_id = ?", [userId]);
  return Number(rows[0].balance_credits);
}

describe("applyCreditChange", () => {
  it("lets exactly as many of 50 concurrent debits through as the wallet can afford", async () => {
    const cost = 7;
    const user = await createTestUser({ credits: 20 * cost });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        applyCreditChange(db, {
          userId: user.id,
          delta: -cost,
          type: "CONSUME",
          reason: `debit ${i}`,
          agentId: "profiler",
          idempotencyKey: `test:concurrent:${user.id}:${i}`,
        }),
      ),
    );
    const applied = results.filter((r) => r.status === "applied");
    const refused = results.filter((r) => r.status === "insufficient");
    expect(applied).toHaveLength(20);
    expect(refused).toHaveLength(30);
    for (const r of refused) expect(r).toMatchObject({ required: cost, available: 0 });
    // Every applied debit saw a distinct balance on its way down: 133, 126, …, 0.
    const seen = applied.map((r) => (r.status === "applied" ? r.balance : -1)).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i * cost));

    expect(await storedBalance(user.id)).toBe(0);
    expect(await walletBalance(db, user.id)).toBe(0);
    const ledger = await ledgerOf(user.id);
    expect(ledger.filter((row) => row.type === "CONSUME")).toHaveLength(20);
    expect(ledger.reduce((sum, row) => sum + row.delta, 0)).toBe(0);
  });

  it("applies the same idempotency key once, even when both arrive together", async () => {
    const user = await createTestUser({ credits: 100 });
    const key = `test:idem:${ulid()}`;
    const change = { userId: user.id, delta: -30, type: "CONSUME" as const, reason: "agent run", idempotencyKey: key };
    const together = await Promise.all([applyCreditChange(db, change), applyCreditChange(db, change)]);
    expect(together.map((r) => r.status).sort()).toEqual(["applied", "duplicate"]);
    expect(await applyCreditChange(db, change)).toEqual({ status: "duplicate" });

    const ledger = await ledgerOf(user.id);
    expect(ledger.filter((row) => row.key === key)).toHaveLength(1);
    expect(await storedBalance(user.id)).toBe(70);
    expect(ledger.reduce((sum, row) => sum + row.delta, 0)).toBe(70);
  });

  it("refuses a debit larger than the balance and writes nothing", async () => {
    const user = await createTestUser({ credits: 10 });
    const result = await applyCreditChange(db, { userId: user.id, delta: -11, type: "CONSUME", reason: "too expensive" });
    expect(result).toEqual({ status: "insufficient", required: 11, available: 10 });
    expect(await storedBalance(user.id)).toBe(10);
    expect(await ledgerOf(user.id)).toHaveLength(1);
  });

  it("creates the wallet of a user who has none on the first credit", async () => {
    const user = await createTestUser();
    await testDb().query("DELETE FROM credit_wallets WHERE user_id = ?", [user.id]);
    const result = await applyCreditChange(db, { userId: user.id, delta: 25, type: "GRANT", reason: "welcome" });
    expect(result).toMatchObject({ status: "applied", balance: 25 });
    expect(await storedBalance(user.id)).toBe(25);
  });

  it("refuses changes whose sign contradicts their type, or that are not whole credits", async () => {
    const user = await createTestUser({ credits: 10 });
    await expect(applyCreditChange(db, { userId: user.id, delta: 5, type: "CONSUME", reason: "x" })).rejects.toThrow(/negative/);
    await expect(applyCreditChange(db, { userId: user.id, delta: -5, type: "PURCHASE", reason: "x" })).rejects.toThrow(/positive/);
    await expect(applyCreditChange(db, { userId: user.id, delta: 1.5, type: "GRANT", reason: "x" })).rejects.toThrow(/integer/);
    await expect(applyCreditChange(db, { userId: user.id, delta: 0, type: "ADJUSTMENT", reason: "x" })).rejects.toThrow(/integer/);
    expect(await storedBalance(user.id)).toBe(10);
    expect(await ledgerOf(user.id)).toHaveLength(1);
  });
});
