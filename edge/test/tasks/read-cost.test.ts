/**
 * What a status poll costs the database, and what the worker does once per isolate. A worker of
 * its own talks to the real PlanetScale HTTP server through a counting pass-through, so every
 * Execute request the worker sends is seen; its request log shows how often the configuration
 * was parsed. Refusals are checked on the same isolate, after earlier successful reads, so
 * nothing learnt by one request lets a later one through.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOCAL_CREDENTIALS } from "../../../local/stack.js";
import { type DedicatedWorker, startDedicatedWorker } from "../../../test/support/dedicated-worker.js";
import { accessTokenFor, createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { call, createTask } from "./helpers.js";

let proxy: Server;
let worker: DedicatedWorker;
let base: string;
const executed: string[] = [];
const logLines: string[] = [];

async function forward(req: IncomingMessage, res: ServerResponse, target: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (req.url?.endsWith("/Execute")) executed.push(JSON.parse(body.toString("utf8")).query);
  const upstream = await fetch(new URL(req.url ?? "/", target), {
    method: req.method,
    headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" },
    body,
  });
  res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

beforeAll(async () => {
  const real = new URL(inject("planetscaleUrl")).origin;
  proxy = createServer((req, res) => {
    forward(req, res, real).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const port = (proxy.address() as AddressInfo).port;
  worker = await startDedicatedWorker(
    { DATABASE_URL: `http://${LOCAL_CREDENTIALS.psUser}:${LOCAL_CREDENTIALS.psPassword}@127.0.0.1:${port}` },
    { onLog: (line) => logLines.push(line) },
  );
  base = worker.base;
});

afterAll(async () => {
  await worker?.close();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
});

/** The Execute requests one call makes, counted at the database's door. */
async function queriesOf(run: () => Promise<unknown>): Promise<string[]> {
  const before = executed.length;
  await run();
  return executed.slice(before);
}

describe("GET /tasks/{id} reads the database once", () => {
  let user: TestUser;
  let taskId: string;
  beforeAll(async () => {
    user = await createTestUser();
    taskId = (await createTask(user, undefined, base)).task_id;
  });

  it("answers the task with one query, every time", async () => {
    for (let i = 0; i < 3; i++) {
      let res: Awaited<ReturnType<typeof call>> | undefined;
      const queries = await queriesOf(async () => {
        res = await call(base, "GET", `/tasks/${taskId}`, { token: user.token });
      });
      expect(res?.status).toBe(200);
      expect(res?.body.task_id).toBe(taskId);
      expect(res?.body.status).toBe("CREATED");
      expect(queries).toHaveLength(1);
    }
  });

  it("answers a missing or another user's task with one query and 404", async () => {
    const other = await createTestUser();
    const othersTask = (await createTask(other, undefined, base)).task_id;
    for (const id of [othersTask, `${taskId.slice(0, -4)}ZZZZ`]) {
      let res: Awaited<ReturnType<typeof call>> | undefined;
      const queries = await queriesOf(async () => {
        res = await call(base, "GET", `/tasks/${id}`, { token: user.token });
      });
      expect(res?.status).toBe(404);
      expect(res?.body.error.code).toBe("TASK_NOT_FOUND");
      expect(queries).toHaveLength(1);
    }
  });

  it("refuses on the same isolate once the user is disabled, unverified or signed out everywhere", async () => {
    const db = testDb();
    const reader = await createTestUser();
    const id = (await createTask(reader, undefined, base)).task_id;
    expect((await call(base, "GET", `/tasks/${id}`, { token: reader.token })).status).toBe(200);

    await db.query("UPDATE users SET is_active = 0 WHERE id = ?", [reader.id]);
    const disabled = await call(base, "GET", `/tasks/${id}`, { token: reader.token });
    expect([disabled.status, disabled.body.error.code]).toEqual([403, "AUTH_ACCOUNT_DISABLED"]);

    await db.query("UPDATE users SET is_active = 1, is_verified = 0 WHERE id = ?", [reader.id]);
    const unverified = await call(base, "GET", `/tasks/${id}`, { token: reader.token });
    expect([unverified.status, unverified.body.error.code]).toEqual([403, "AUTH_NOT_VERIFIED"]);

    await db.query("UPDATE users SET is_verified = 1, token_generation = token_generation + 1 WHERE id = ?", [reader.id]);
    const ended = await call(base, "GET", `/tasks/${id}`, { token: reader.token });
    expect([ended.status, ended.body.error.code]).toEqual([401, "AUTH_INVALID_TOKEN"]);
  });

  it("refuses an expired token and one signed with another key after good reads", async () => {
    expect((await call(base, "GET", `/tasks/${taskId}`, { token: user.token })).status).toBe(200);
    const expired = await accessTokenFor(user.id, 60, Date.now() - 3_600_000);
    const late = await call(base, "GET", `/tasks/${taskId}`, { token: expired });
    expect([late.status, late.body.error.code]).toEqual([401, "AUTH_TOKEN_EXPIRED"]);
    const [head, payload] = user.token.split(".");
    const forged = await call(base, "GET", `/tasks/${taskId}`, { token: `${head}.${payload}.${"A".repeat(43)}` });
    expect([forged.status, forged.body.error.code]).toEqual([401, "AUTH_INVALID_TOKEN"]);
  });

  it("refuses a token that expires after a good read on the same isolate", async () => {
    // Good until the second exp names begins: for at least one more second after this one.
    const issuedAt = Math.floor(Date.now() / 1000);
    const shortLived = await accessTokenFor(user.id, 2, issuedAt * 1000);
    expect((await call(base, "GET", `/tasks/${taskId}`, { token: shortLived })).status).toBe(200);
    await new Promise((r) => setTimeout(r, (issuedAt + 2) * 1000 - Date.now() + 50));
    for (let i = 0; i < 2; i++) {
      const late = await call(base, "GET", `/tasks/${taskId}`, { token: shortLived });
      expect([late.status, late.body.error.code]).toEqual([401, "AUTH_TOKEN_EXPIRED"]);
    }
  });

  it("answers an API key's read with the key and the task in one query, besides the key's rate limit", async () => {
    const keyUser = await createTestUser();
    const id = (await createTask(keyUser, undefined, base)).task_id;
    const created = await call(base, "POST", "/api-keys", { token: keyUser.token, body: { name: "poller", scopes: ["tasks:read"] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The first use also records last_used_at; later ones within the minute do not.
    expect((await call(base, "GET", `/tasks/${id}`, { token: created.body.key })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      let res: Awaited<ReturnType<typeof call>> | undefined;
      const queries = await queriesOf(async () => {
        res = await call(base, "GET", `/tasks/${id}`, { token: created.body.key });
      });
      expect(res?.status).toBe(200);
      expect(res?.body.task_id).toBe(id);
      const reads = queries.filter((q) => !/\brate_limits\b/.test(q));
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatch(/\bapi_keys\b[\s\S]*\btasks\b/);
      // Counting the request in its window and reading the count back.
      expect(queries).toHaveLength(3);
    }
  });

  it("refuses an API key on the same isolate without the scope, once its owner is disabled, and past its rate limit", async () => {
    const db = testDb();
    const keyUser = await createTestUser();
    const id = (await createTask(keyUser, undefined, base)).task_id;
    const reader = await call(base, "POST", "/api-keys", { token: keyUser.token, body: { name: "reader", scopes: ["tasks:read"] } });
    const billing = await call(base, "POST", "/api-keys", { token: keyUser.token, body: { name: "billing", scopes: ["billing:read"] } });
    expect((await call(base, "GET", `/tasks/${id}`, { token: reader.body.key })).status).toBe(200);

    const unscoped = await call(base, "GET", `/tasks/${id}`, { token: billing.body.key });
    expect([unscoped.status, unscoped.body.error.code, unscoped.body.error.details]).toEqual([
      403,
      "AUTH_SCOPE_FORBIDDEN",
      { required_scope: "tasks:read", key_scopes: ["billing:read"] },
    ]);
    // A key without the scope learns nothing of the task, not even whether it exists.
    const unscopedMissing = await call(base, "GET", `/tasks/${id.slice(0, -4)}ZZZZ`, { token: billing.body.key });
    expect([unscopedMissing.status, unscopedMissing.body.error.code]).toEqual([403, "AUTH_SCOPE_FORBIDDEN"]);

    await db.query("UPDATE users SET is_active = 0 WHERE id = ?", [keyUser.id]);
    const disabled = await call(base, "GET", `/tasks/${id}`, { token: reader.body.key });
    expect([disabled.status, disabled.body.error.code]).toEqual([403, "AUTH_ACCOUNT_DISABLED"]);
    await db.query("UPDATE users SET is_active = 1, is_verified = 0 WHERE id = ?", [keyUser.id]);
    const unverified = await call(base, "GET", `/tasks/${id}`, { token: reader.body.key });
    expect([unverified.status, unverified.body.error.code]).toEqual([403, "AUTH_NOT_VERIFIED"]);
    await db.query("UPDATE users SET is_verified = 1 WHERE id = ?", [keyUser.id]);

    // Fill the key's window: the next read is refused before the task is shown.
    await db.query("UPDATE rate_limits SET count = 1000000 WHERE `key` = ?", [`apikey:${reader.body.id}`]);
    const limited = await call(base, "GET", `/tasks/${id}`, { token: reader.body.key });
    expect([limited.status, limited.body.error.code]).toEqual([429, "RATE_LIMITED"]);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.body.task_id).toBeUndefined();
  });

  it("refuses an API key revoked after it was used on the same isolate", async () => {
    const keyUser = await createTestUser();
    const id = (await createTask(keyUser, undefined, base)).task_id;
    const created = await call(base, "POST", "/api-keys", { token: keyUser.token, body: { name: "poller", scopes: ["tasks:read"] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key = created.body.key as string;
    expect((await call(base, "GET", `/tasks/${id}`, { token: key })).status).toBe(200);
    const revoked = await call(base, "DELETE", `/api-keys/${created.body.id}`, { token: keyUser.token });
    expect(revoked.status).toBeLessThan(300);
    const refused = await call(base, "GET", `/tasks/${id}`, { token: key });
    expect([refused.status, refused.body.error.code]).toEqual([401, "AUTH_INVALID_TOKEN"]);
  });
});

describe("configuration", () => {
  it("is parsed once by the isolate, whichever routes it serves", async () => {
    const user = await createTestUser();
    for (const path of ["/health", "/health", "/tools", "/tasks"]) {
      const res = await call(base, "GET", path, { token: user.token });
      expect(res.status, path).toBe(200);
    }
    // The worker's stdout arrives a little after its answers.
    await new Promise((r) => setTimeout(r, 300));
    const parsed = logLines.filter((line) => line.includes('"msg":"configuration parsed"'));
    expect(parsed).toHaveLength(1);
    // Requests were served and logged by this worker all along (the log is not empty by accident).
    expect(logLines.filter((line) => line.includes('"request_id"')).length).toBeGreaterThan(10);
  });
});
