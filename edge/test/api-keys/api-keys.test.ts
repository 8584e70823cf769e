/**
 * API keys through the real worker: shown once and stored as a hash, honoured on task and
 * billing-read routes within their scopes, refused everywhere else, revoked at once, limited
 * per key, and never written to the request log.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DedicatedWorker, startDedicatedWorker } from "../../../test/support/dedicated-worker.js";
import { api } from "../../../test/support/http.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { call, createTask } from "../tasks/helpers.js";

async function createKey(user: TestUser, scopes: string[], name = "pipeline", base?: string) {
  const res = await call(base, "POST", "/api-keys", { token: user.token, body: { name, scopes } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; key: string; prefix: string; scopes: string[] };
}

let owner: TestUser;
let other: TestUser;

beforeAll(async () => {
  owner = await createTestUser({ credits: 100 });
  other = await createTestUser({ credits: 100 });
});

describe("creating and listing keys", () => {
  it("shows the key once and keeps only its SHA-256 hash", async () => {
    const created = await createKey(owner, ["tasks:read"], "nightly");
    expect(created.key).toMatch(/^agk_live_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const list = await api("GET", "/api-keys", { token: owner.token });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ name: "nightly", prefix: created.prefix, scopes: ["tasks:read"], revoked_at: null });
    expect(JSON.stringify(list.body)).not.toContain(created.key);

    const [rows] = await testDb().query("SELECT * FROM api_keys WHERE id = ?", [created.id]);
    const row = (rows as Record<string, unknown>[])[0];
    expect(row.key_hash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.key);
  });

  it("refuses unknown scopes and empty names", async () => {
    for (const body of [
      { name: "x", scopes: ["tasks:admin"] },
      { name: "", scopes: ["tasks:read"] },
      { name: "x", scopes: [] },
    ]) {
      const res = await api("POST", "/api-keys", { token: owner.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
  });
});

describe("using a key", () => {
  it("runs task routes within its scopes and answers 403 AUTH_SCOPE_FORBIDDEN outside them", async () => {
    const writer = await createKey(owner, ["tasks:read", "tasks:write"]);
    const created = await call(undefined, "POST", "/tasks", { token: writer.key, body: { tool_id: "profile-my-data" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const taskId = created.body.task_id;
    expect((await call(undefined, "GET", `/tasks/${taskId}`, { token: writer.key })).status).toBe(200);
    const urls = await call(undefined, "POST", `/tasks/${taskId}/upload-urls`, {
      token: writer.key,
      body: { files: [{ role: "primary", filename: "a.csv", content_type: "text/csv", size_bytes: 10 }] },
    });
    expect(urls.status, JSON.stringify(urls.body)).toBe(200);

    const reader = await createKey(owner, ["tasks:read"]);
    expect((await call(undefined, "GET", `/tasks/${taskId}`, { token: reader.key })).status).toBe(200);
    expect((await call(undefined, "GET", "/tasks", { token: reader.key })).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/tasks", { tool_id: "profile-my-data" }],
      ["POST", `/tasks/${taskId}/cancel`, undefined],
      ["DELETE", `/tasks/${taskId}`, undefined],
      ["GET", "/billing/wallet", undefined],
    ] as const) {
      const res = await call(undefined, method, path, { token: reader.key, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error).toMatchObject({ code: "AUTH_SCOPE_FORBIDDEN" });
    }

    const billing = await createKey(owner, ["billing:read"]);
    const wallet = await call(undefined, "GET", "/billing/wallet", { token: billing.key });
    expect(wallet.status).toBe(200);
    expect(wallet.body.balance_credits).toBe(100);
    expect((await call(undefined, "GET", "/billing/transactions", { token: billing.key })).status).toBe(200);
  });

  it("never reaches sign-in, account, key or purchase routes", async () => {
    const key = (await createKey(owner, ["tasks:read", "tasks:write", "billing:read"])).key;
    for (const [method, path, body] of [
      ["GET", "/auth/me", undefined],
      ["POST", "/auth/logout", {}],
      ["POST", "/api-keys", { name: "minted", scopes: ["tasks:read"] }],
      ["GET", "/api-keys", undefined],
      ["POST", "/billing/checkout", { pack_id: "starter" }],
    ] as const) {
      const res = await call(undefined, method, path, { token: key, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe("AUTH_API_KEY_NOT_ALLOWED");
    }
  });

  it("sees another user's task as missing", async () => {
    const theirs = await createTask(other);
    const key = (await createKey(owner, ["tasks:read", "tasks:write"])).key;
    for (const [method, path] of [
      ["GET", `/tasks/${theirs.task_id}`],
      ["GET", `/tasks/${theirs.task_id}/downloads`],
      ["POST", `/tasks/${theirs.task_id}/cancel`],
    ] as const) {
      const res = await call(undefined, method, path, { token: key });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("TASK_NOT_FOUND");
    }
  });

  it("records when a key was last used", async () => {
    const created = await createKey(owner, ["tasks:read"]);
    const before = await api("GET", "/api-keys", { token: owner.token });
    expect(before.body.items.find((k: { id: string }) => k.id === created.id).last_used_at).toBeNull();
    await call(undefined, "GET", "/tasks", { token: created.key });
    const after = await api("GET", "/api-keys", { token: owner.token });
    expect(after.body.items.find((k: { id: string }) => k.id === created.id).last_used_at).not.toBeNull();
  });
});

describe("revoking a key", () => {
  it("takes effect on the next request; another user cannot revoke it", async () => {
    const created = await createKey(owner, ["tasks:read"]);
    expect((await call(undefined, "GET", "/tasks", { token: created.key })).status).toBe(200);

    const foreign = await api("DELETE", `/api-keys/${created.id}`, { token: other.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("API_KEY_NOT_FOUND");
    expect((await call(undefined, "GET", "/tasks", { token: created.key })).status).toBe(200);

    expect((await api("DELETE", `/api-keys/${created.id}`, { token: owner.token })).status).toBe(204);
    const refused = await call(undefined, "GET", "/tasks", { token: created.key });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("AUTH_INVALID_TOKEN");
    expect((await api("DELETE", `/api-keys/${created.id}`, { token: owner.token })).status).toBe(404);

    const listed = (await api("GET", "/api-keys", { token: owner.token })).body.items.find((k: { id: string }) => k.id === created.id);
    expect(listed.revoked_at).not.toBeNull();
  });

  it("refuses a key that was never issued", async () => {
    const res = await call(undefined, "GET", "/tasks", { token: `agk_live_${"A".repeat(43)}` });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AUTH_INVALID_TOKEN");
  });
});

describe("per-key limits and logs", () => {
  let worker: DedicatedWorker;
  const logLines: string[] = [];

  beforeAll(async () => {
    worker = await startDedicatedWorker({ API_KEY_RATE_LIMIT_PER_MINUTE: "3" }, { onLog: (line) => logLines.push(line) });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
  });

  it("limits each key on its own, with Retry-After, and never logs a key", async () => {
    const first = await createKey(owner, ["tasks:read"], "limited", worker.base);
    const second = await createKey(owner, ["tasks:read"], "limited too", worker.base);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(worker.base, "GET", "/tasks", { token: first.key })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await call(worker.base, "GET", "/tasks", { token: first.key });
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(worker.base, "GET", "/tasks", { token: second.key })).status).toBe(200);
    // A refused call is logged too; none of the lines holds a key.
    await call(worker.base, "GET", "/auth/me", { token: second.key });
    await new Promise((r) => setTimeout(r, 300));
    const requests = logLines.filter((l) => l.includes('"request_id"'));
    expect(requests.some((l) => l.includes(first.id))).toBe(true);
    for (const line of logLines) {
      expect(line).not.toContain(first.key);
      expect(line).not.toContain(second.key);
      expect(line).not.toContain(first.key.slice("agk_live_".length));
    }
  });
});
