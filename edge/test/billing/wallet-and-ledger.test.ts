/** GET /billing/wallet, /billing/transactions, /billing/agent-costs and /billing/packs over real HTTP. */
import { allAgents, ulid } from "@agensium/shared";
import { describe, expect, inject, it } from "vitest";
import { type ApiResponse, api } from "../../../test/support/http.js";
import { describeAuthenticatedRoute } from "../../../test/support/security.js";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { createDatabase } from "../../src/db/client.js";
import { applyCreditChange } from "../../src/db/ledger.js";
import { testPacks } from "./helpers.js";

const db = createDatabase(inject("planetscaleUrl"));

describeAuthenticatedRoute("GET", "/billing/wallet");
describeAuthenticatedRoute("GET", "/billing/transactions");
describeAuthenticatedRoute("GET", "/billing/agent-costs");
describeAuthenticatedRoute("GET", "/billing/packs");

describe("GET /billing/wallet", () => {
  it("shows the balance after grants and debits", async () => {
    const user = await createTestUser({ credits: 120 });
    await applyCreditChange(db, { userId: user.id, delta: -45, type: "CONSUME", reason: "profiler run", agentId: "profiler" });
    const res = await api("GET", "/billing/wallet", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ balance_credits: 75 });
  });

  it("shows zero for a user whose wallet was never created", async () => {
    const user = await createTestUser();
    await testDb().query("DELETE FROM credit_wallets WHERE user_id = ?", [user.id]);
    const res = await api("GET", "/billing/wallet", { token: user.token });
    expect(res.body).toEqual({ balance_credits: 0 });
  });
});

describe("GET /billing/transactions", () => {
  it("walks the whole ledger newest first in keyset pages, and the rows sum to the balance", async () => {
    const user = await createTestUser({ credits: 1_000 });
    for (let i = 1; i <= 6; i++) {
      await applyCreditChange(db, {
        userId: user.id,
        delta: -i,
        type: "CONSUME",
        reason: `run ${i}`,
        agentId: `agent-${i}`,
        toolId: "profile-my-data",
        taskId: `tsk_${ulid()}`,
      });
    }
    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: ApiResponse<any> = await api("GET", `/billing/transactions?limit=3${cursor ? `&cursor=${cursor}` : ""}`, {
        token: user.token,
      });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items);
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    // 7 rows (the grant and 6 debits) in pages of 3 → 3, 3, 1.
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(seen.map((row) => row.id)).toEqual(
      seen
        .map((row) => row.id)
        .sort()
        .reverse(),
    );
    expect(seen.map((row) => row.delta_credits)).toEqual([-6, -5, -4, -3, -2, -1, 1_000]);
    expect(seen.reduce((sum, row) => sum + row.delta_credits, 0)).toBe(1_000 - 21);
    const wallet = await api("GET", "/billing/wallet", { token: user.token });
    expect(wallet.body.balance_credits).toBe(979);
    expect(seen[0]).toMatchObject({ type: "CONSUME", reason: "run 6", agent_id: "agent-6", tool_id: "profile-my-data" });
    expect(seen[0].task_id).toMatch(/^tsk_/);
    expect(Date.parse(seen[0].created_at)).toBeGreaterThan(Date.now() - 120_000);
    expect(seen[6]).toMatchObject({ type: "GRANT", agent_id: null, task_id: null });
  });

  it("shows only the caller's own rows", async () => {
    const owner = await createTestUser({ credits: 50 });
    const other = await createTestUser({ credits: 70 });
    const res = await api("GET", "/billing/transactions", { token: other.token });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].delta_credits).toBe(70);
    expect(res.body.next_cursor).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(owner.id);
  });

  it("refuses a limit above 100 and a cursor that is not one", async () => {
    const user = await createTestUser();
    for (const query of ["limit=101", "limit=0", "limit=abc", "cursor=not-a-cursor"]) {
      const res: ApiResponse<any> = await api("GET", `/billing/transactions?${query}`, { token: user.token });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
  });
});

describe("GET /billing/agent-costs", () => {
  it("lists every agent's cost and follows a change made in the database without a deploy", async () => {
    const user = await createTestUser();
    const before = await api("GET", "/billing/agent-costs", { token: user.token });
    expect(before.status).toBe(200);
    const agents = allAgents();
    expect(before.body.length).toBeGreaterThanOrEqual(agents.length);
    const agent = agents[0];
    expect(before.body.find((row: any) => row.agent_id === agent.id)).toMatchObject({
      cost: expect.any(Number),
      description: expect.any(String),
    });

    // A cost row that only exists in the database, as an operator would add one.
    const extraId = `test-agent-${ulid().toLowerCase()}`;
    await testDb().query("INSERT INTO agent_costs (agent_id, cost, description) VALUES (?, ?, ?)", [extraId, 17, "added by hand"]);
    try {
      const after = await api("GET", "/billing/agent-costs", { token: user.token });
      expect(after.body.find((row: any) => row.agent_id === extraId)).toEqual({
        agent_id: extraId,
        cost: 17,
        description: "added by hand",
      });
      await testDb().query("UPDATE agent_costs SET cost = 23 WHERE agent_id = ?", [extraId]);
      const changed = await api("GET", "/billing/agent-costs", { token: user.token });
      expect(changed.body.find((row: any) => row.agent_id === extraId).cost).toBe(23);
    } finally {
      await testDb().query("DELETE FROM agent_costs WHERE agent_id = ?", [extraId]);
    }
  });
});

describe("GET /billing/packs", () => {
  it("lists the configured packs", async () => {
    const user = await createTestUser();
    const res = await api("GET", "/billing/packs", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(testPacks());
  });
});

describe("GET /openapi.json", () => {
  it("documents every billing route", async () => {
    const res = await api("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths["/billing/wallet"])).toContain("get");
    expect(Object.keys(paths["/billing/transactions"])).toContain("get");
    expect(Object.keys(paths["/billing/agent-costs"])).toContain("get");
    expect(Object.keys(paths["/billing/packs"])).toContain("get");
    expect(Object.keys(paths["/billing/checkout"])).toContain("post");
    expect(Object.keys(paths["/billing/webhook"])).toContain("post");
  });
});
