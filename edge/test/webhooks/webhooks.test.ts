/**
 * Completion webhooks through a worker of this file's own (short retry delays): registration and
 * its limits, a task run to COMPLETED by the real compute delivering one signed task.completed, a
 * receiver failing twice getting the same event three times, a cancelled task, a replayed
 * callback making no second event, and another user's endpoint answering 404. The receiver
 * checks every signature with its own HMAC.
 */
import { newId } from "@agensium/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DedicatedWorker, startDedicatedWorker } from "../../../test/support/dedicated-worker.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { startWebhookReceiver, verifySignature, type WebhookReceiver } from "../../../test/support/webhook-receiver.js";
import { call, createTask, sendCallback, uploadInputs, waitForStatus } from "../tasks/helpers.js";

const MAX_ATTEMPTS = 3;
const MAX_ENDPOINTS = 4;

let worker: DedicatedWorker;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  worker = await startDedicatedWorker({
    WEBHOOK_RETRY_BASE_SECONDS: "1",
    WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    WEBHOOK_MAX_ENDPOINTS: String(MAX_ENDPOINTS),
  });
}, 90_000);

afterAll(async () => {
  await worker?.close();
  await receiver?.close();
});

const edge = (method: string, path: string, user: TestUser, body?: unknown) => call(worker.base, method, path, { token: user.token, body });

async function register(user: TestUser, path: string, events: string[], description?: string) {
  const res = await edge("POST", "/webhooks", user, { url: receiver.url(path), events, ...(description ? { description } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string; url: string; events: string[]; enabled: boolean };
}

async function deliveries(user: TestUser, endpointId: string) {
  const res = await edge("GET", `/webhooks/${endpointId}/deliveries`, user);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as {
    event_id: string;
    event_type: string;
    task_id: string;
    attempt: number;
    outcome: string;
    status_code: number | null;
    error: string | null;
    duration_ms: number | null;
    next_retry_at: string | null;
  }[];
}

/** The deliveries endpoint once the newest attempt has reached an outcome other than "sending"/"retrying". */
async function settledDeliveries(user: TestUser, endpointId: string, count: number) {
  const deadline = Date.now() + 30_000;
  let items = await deliveries(user, endpointId);
  while (Date.now() < deadline && !(items.length >= count && ["delivered", "failed"].includes(items[0].outcome))) {
    await new Promise((r) => setTimeout(r, 200));
    items = await deliveries(user, endpointId);
  }
  return items;
}

const uniquePath = (label: string) => `/${label}/${crypto.randomUUID()}`;

describe("registering endpoints", () => {
  it("shows the secret once, never in a list or a read, and stores it encrypted", async () => {
    const user = await createTestUser();
    const created = await register(user, uniquePath("secret"), ["task.completed", "task.failed"], "nightly check");
    expect(created.id).toMatch(/^whk_/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ events: ["task.completed", "task.failed"], enabled: true, description: "nightly check" });

    const list = await edge("GET", "/webhooks", user);
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([created.id]);
    const read = await edge("GET", `/webhooks/${created.id}`, user);
    expect(read.status).toBe(200);
    for (const body of [list.body, read.body]) expect(JSON.stringify(body)).not.toContain(created.secret);
    const [rows] = await testDb().query("SELECT * FROM webhook_endpoints WHERE id = ?", [created.id]);
    expect(JSON.stringify(rows)).not.toContain(created.secret.slice("whsec_".length));

    const changed = await edge("PATCH", `/webhooks/${created.id}`, user, { events: ["task.cancelled"], enabled: false });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ events: ["task.cancelled"], enabled: false, url: created.url });
  });

  it("refuses bad URLs and events with stable codes, and more than the allowed endpoints", async () => {
    const user = await createTestUser();
    const refusals: [unknown, number, string][] = [
      [{ url: "ftp://files.example.com/hook", events: ["task.completed"] }, 400, "WEBHOOK_URL_INVALID"],
      [{ url: "https://user:pass@hooks.example.com/", events: ["task.completed"] }, 400, "WEBHOOK_URL_INVALID"],
      [{ url: "not a url", events: ["task.completed"] }, 400, "WEBHOOK_URL_INVALID"],
      [{ url: `https://hooks.example.com/${"a".repeat(2048)}`, events: ["task.completed"] }, 400, "VALIDATION_ERROR"],
      [{ url: "https://hooks.example.com/", events: ["task.started"] }, 400, "VALIDATION_ERROR"],
      [{ url: "https://hooks.example.com/", events: [] }, 400, "VALIDATION_ERROR"],
      [{ url: "https://hooks.example.com/", events: ["task.failed", "task.failed"] }, 400, "VALIDATION_ERROR"],
    ];
    for (const [body, status, code] of refusals) {
      const res = await edge("POST", "/webhooks", user, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    for (let i = 0; i < MAX_ENDPOINTS; i++) await register(user, uniquePath("cap"), ["task.completed"]);
    const over = await edge("POST", "/webhooks", user, { url: receiver.url("/over"), events: ["task.completed"] });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("WEBHOOK_LIMIT_REACHED");
    expect(over.body.error.details.max_endpoints).toBe(MAX_ENDPOINTS);
  });

  it("answers 404 WEBHOOK_NOT_FOUND for another user's endpoint on every route", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    const endpoint = await register(owner, uniquePath("owned"), ["task.completed"]);
    for (const [method, path, body] of [
      ["GET", `/webhooks/${endpoint.id}`],
      ["PATCH", `/webhooks/${endpoint.id}`, { enabled: false }],
      ["DELETE", `/webhooks/${endpoint.id}`],
      ["POST", `/webhooks/${endpoint.id}/rotate-secret`],
      ["GET", `/webhooks/${endpoint.id}/deliveries`],
    ] as [string, string, unknown?][]) {
      const res = await edge(method, path, stranger, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("WEBHOOK_NOT_FOUND");
    }
    expect((await edge("GET", "/webhooks", stranger)).body.items).toEqual([]);
    expect((await edge("GET", `/webhooks/${endpoint.id}`, owner)).body.enabled).toBe(true);
  });

  it("takes API keys with the webhooks scopes only", async () => {
    const user = await createTestUser();
    const keyWith = async (scopes: string[]) => {
      const res = await edge("POST", "/api-keys", user, { name: scopes.join(" "), scopes });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { ...user, token: res.body.key as string };
    };
    const tasksOnly = await keyWith(["tasks:read", "tasks:write"]);
    const refused = await edge("POST", "/webhooks", tasksOnly, { url: receiver.url("/key"), events: ["task.completed"] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("AUTH_SCOPE_FORBIDDEN");

    const writer = await keyWith(["webhooks:write"]);
    const created = await edge("POST", "/webhooks", writer, { url: receiver.url("/key"), events: ["task.completed"] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await edge("GET", "/webhooks", writer)).body.error.code).toBe("AUTH_SCOPE_FORBIDDEN");
    const reader = await keyWith(["webhooks:read"]);
    expect((await edge("GET", "/webhooks", reader)).body.items.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
    expect((await edge("DELETE", `/webhooks/${created.body.id}`, reader)).status).toBe(403);
    expect((await edge("DELETE", `/webhooks/${created.body.id}`, writer)).status).toBe(204);
  });
});

describe("the contract", () => {
  it("lists every webhook operation with its operationId, bearer security and error statuses", async () => {
    const doc = (await (await fetch(`${worker.base}/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/webhooks"))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.map((o) => o.op.operationId).sort()).toEqual([
      "createWebhook",
      "deleteWebhook",
      "getWebhook",
      "listWebhookDeliveries",
      "listWebhooks",
      "rotateWebhookSecret",
      "updateWebhook",
    ]);
    for (const { op } of operations) {
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "403"]));
    }
  });
});

describe("deliveries", () => {
  it("delivers one signed task.completed when a task runs to COMPLETED, and a replayed callback makes no second event", async () => {
    const user = await createTestUser({ credits: 1_000 });
    const path = uniquePath("completed");
    const endpoint = await register(user, path, ["task.completed"]);
    const task = await createTask(user, { tool_id: "profile-my-data" }, worker.base);
    await uploadInputs(user, task.task_id, { base: worker.base });
    expect((await edge("POST", `/tasks/${task.task_id}/process`, user)).status).toBe(202);
    const done = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"], { base: worker.base, timeoutMs: 60_000 });
    expect(done.status, JSON.stringify(done.error)).toBe("COMPLETED");

    const [delivery] = await receiver.waitFor(path, 1);
    expect(verifySignature(endpoint.secret, delivery.signature, delivery.rawBody)).toBe(true);
    expect(verifySignature(`${endpoint.secret}x`, delivery.signature, delivery.rawBody)).toBe(false);
    expect(delivery.eventId).toMatch(/^evt_/);
    expect(delivery.body).toMatchObject({
      id: delivery.eventId,
      type: "task.completed",
      data: {
        task_id: task.task_id,
        tool_id: "profile-my-data",
        status: "COMPLETED",
        error: null,
        links: { task: `/tasks/${task.task_id}`, downloads: `/tasks/${task.task_id}/downloads` },
      },
    });
    // No presigned (or any absolute) URL: it would expire before the last retry.
    expect(delivery.rawBody).not.toMatch(/https?:\/\//);
    // The score is the one the report holds.
    const report = (await edge("GET", `/tasks/${task.task_id}/results`, user)).body;
    const rater = report.agents.find((a: { agent_id: string }) => a.agent_id === "readiness-rater");
    expect(delivery.body.data.readiness_score).toBe(rater.data.overall);
    expect(delivery.body.data.rows).toBe(3);

    // compute sends its `completed` again (a lost answer): recognised, no second event.
    const [events] = await testDb().query("SELECT payload FROM task_events WHERE task_id = ? AND type = 'callback.completed'", [
      task.task_id,
    ]);
    const completed = JSON.parse((events as { payload: string }[])[0].payload);
    const replay = await sendCallback(task.task_id, completed, { base: worker.base });
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body.applied).toBe(false);
    const again = await sendCallback(task.task_id, { ...completed, event_id: `completed-${crypto.randomUUID()}` }, { base: worker.base });
    expect(again.status).toBe(409);
    const [rows] = await testDb().query("SELECT id FROM webhook_events WHERE task_id = ?", [task.task_id]);
    expect(rows).toEqual([{ id: delivery.eventId }]);
    const attempts = await settledDeliveries(user, endpoint.id, 1);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      event_id: delivery.eventId,
      event_type: "task.completed",
      task_id: task.task_id,
      attempt: 1,
      outcome: "delivered",
      status_code: 200,
    });
    expect(receiver.received.filter((r) => r.path === path)).toHaveLength(1);
  }, 120_000);

  it("retries a receiver that fails twice: the same event three times, three attempts recorded", async () => {
    const user = await createTestUser();
    const path = uniquePath("flaky");
    receiver.answer(path, [500, 500]);
    const endpoint = await register(user, path, ["task.cancelled"]);
    const task = await createTask(user, { tool_id: "profile-my-data" }, worker.base);
    const cancelled = await edge("POST", `/tasks/${task.task_id}/cancel`, user);
    expect(cancelled.status).toBe(200);

    const received = await receiver.waitFor(path, 3);
    expect(received.map((r) => r.answered)).toEqual([500, 500, 200]);
    const ids = new Set(received.map((r) => r.eventId));
    expect(ids.size).toBe(1);
    for (const r of received) {
      expect(verifySignature(endpoint.secret, r.signature, r.rawBody)).toBe(true);
      expect(r.body).toMatchObject({ id: r.eventId, type: "task.cancelled", data: { task_id: task.task_id, status: "CANCELLED" } });
    }

    const attempts = await settledDeliveries(user, endpoint.id, 3);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
      [3, "delivered", 200],
      [2, "retrying", 500],
      [1, "retrying", 500],
    ]);
    for (const a of attempts) {
      expect(a.event_id).toBe(received[0].eventId);
      expect(a.duration_ms).toBeTypeOf("number");
    }
    expect(attempts[0].next_retry_at).toBeNull();
    expect(attempts[1].next_retry_at).not.toBeNull();
    expect(attempts[2].error).toContain("receiver failed on purpose");
  }, 60_000);

  it("marks the delivery failed after the last attempt, and signs with a rotated secret", async () => {
    const user = await createTestUser();
    const path = uniquePath("down");
    receiver.answer(path, new Array(MAX_ATTEMPTS).fill(503));
    const endpoint = await register(user, path, ["task.cancelled"]);
    const rotated = await edge("POST", `/webhooks/${endpoint.id}/rotate-secret`, user);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(rotated.body.secret_rotated_at).not.toBeNull();

    const task = await createTask(user, { tool_id: "profile-my-data" }, worker.base);
    expect((await edge("POST", `/tasks/${task.task_id}/cancel`, user)).status).toBe(200);
    const received = await receiver.waitFor(path, MAX_ATTEMPTS);
    for (const r of received) {
      expect(verifySignature(rotated.body.secret, r.signature, r.rawBody)).toBe(true);
      expect(verifySignature(endpoint.secret, r.signature, r.rawBody)).toBe(false);
    }
    const attempts = await settledDeliveries(user, endpoint.id, MAX_ATTEMPTS);
    expect(attempts.map((a) => a.outcome)).toEqual(["failed", ...new Array(MAX_ATTEMPTS - 1).fill("retrying")]);
    expect(attempts[0]).toMatchObject({ attempt: MAX_ATTEMPTS, status_code: 503, next_retry_at: null });
  }, 60_000);

  it("delivers task.failed with the task's error code when compute cannot read the input", async () => {
    const user = await createTestUser({ credits: 100 });
    const path = uniquePath("failed");
    const endpoint = await register(user, path, ["task.failed", "task.completed"]);
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] }, worker.base);
    await uploadInputs(user, task.task_id, {
      base: worker.base,
      filename: "broken.xlsx",
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      content: "this is not a workbook",
    });
    expect((await edge("POST", `/tasks/${task.task_id}/process`, user)).status).toBe(202);
    const failed = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"], { base: worker.base, timeoutMs: 60_000 });
    expect(failed.status).toBe("FAILED");

    const [delivery] = await receiver.waitFor(path, 1);
    expect(verifySignature(endpoint.secret, delivery.signature, delivery.rawBody)).toBe(true);
    expect(delivery.body).toMatchObject({
      type: "task.failed",
      data: {
        task_id: task.task_id,
        status: "FAILED",
        error: { code: failed.error.code, message: failed.error.message },
        readiness_score: null,
        links: { downloads: null },
      },
    });
    expect(failed.error.code).toBe("INPUT_UNREADABLE");
  }, 90_000);

  it("delivers task.expired when the cron expires an abandoned upload", async () => {
    const user = await createTestUser();
    const path = uniquePath("expired");
    await register(user, path, ["task.expired"]);
    const task = await createTask(user, { tool_id: "profile-my-data" }, worker.base);
    await testDb().query("UPDATE tasks SET created_at = NOW(3) - INTERVAL 25 HOUR WHERE task_id = ?", [task.task_id]);
    const cron = await fetch(`${worker.base}/__dev/scheduled`, { method: "POST" });
    expect(cron.status).toBe(200);
    expect((await waitForStatus(user, task.task_id, ["EXPIRED"], { base: worker.base })).status).toBe("EXPIRED");
    const [delivery] = await receiver.waitFor(path, 1);
    expect(delivery.body).toMatchObject({ type: "task.expired", data: { task_id: task.task_id, status: "EXPIRED", error: null } });
  }, 60_000);

  it("delivers task.failed when the cron gives up on a task whose compute went silent", async () => {
    const user = await createTestUser();
    const path = uniquePath("lost");
    await register(user, path, ["task.failed"]);
    const task = await createTask(user, { tool_id: "profile-my-data" }, worker.base);
    await testDb().query(
      "UPDATE tasks SET status = 'PROCESSING', attempt = 3, queued_at = NOW(3), heartbeat_at = NOW(3) - INTERVAL 3 MINUTE WHERE task_id = ?",
      [task.task_id],
    );
    expect((await fetch(`${worker.base}/__dev/scheduled`, { method: "POST" })).status).toBe(200);
    const [delivery] = await receiver.waitFor(path, 1);
    expect(delivery.body).toMatchObject({
      type: "task.failed",
      data: { task_id: task.task_id, status: "FAILED", attempt: 3, error: { code: "COMPUTE_LOST" } },
    });
  }, 60_000);

  it("the cron sends an event whose request ended before publishing it", async () => {
    const user = await createTestUser();
    const path = uniquePath("stranded");
    const endpoint = await register(user, path, ["task.completed"]);
    // As transitionTask leaves it when the worker stops right after the commit: written, never sent.
    const eventId = newId("webhookEvent");
    const taskId = newId("task");
    const payload = { id: eventId, type: "task.completed", created_at: new Date().toISOString(), data: { task_id: taskId } };
    await testDb().query(
      "INSERT INTO webhook_events (id, task_id, user_id, type, attempt, payload, created_at) VALUES (?, ?, ?, 'task.completed', 1, ?, NOW(3) - INTERVAL 2 MINUTE)",
      [eventId, taskId, user.id, JSON.stringify(payload)],
    );
    expect((await fetch(`${worker.base}/__dev/scheduled`, { method: "POST" })).status).toBe(200);
    const [delivery] = await receiver.waitFor(path, 1);
    expect(delivery.eventId).toBe(eventId);
    expect(JSON.parse(delivery.rawBody)).toEqual(payload);
    expect(verifySignature(endpoint.secret, delivery.signature, delivery.rawBody)).toBe(true);
    const [rows] = await testDb().query("SELECT published_at FROM webhook_events WHERE id = ?", [eventId]);
    expect((rows as { published_at: string | null }[])[0].published_at).not.toBeNull();
  }, 60_000);

  it("sends nothing to a disabled endpoint or one not subscribed to the event", async () => {
    const user = await createTestUser();
    const disabledPath = uniquePath("disabled");
    const otherEventPath = uniquePath("other-event");
    const listening = uniquePath("listening");
    const disabled = await register(user, disabledPath, ["task.cancelled"]);
    expect((await edge("PATCH", `/webhooks/${disabled.id}`, user, { enabled: false })).status).toBe(200);
    await register(user, otherEventPath, ["task.completed"]);
    await register(user, listening, ["task.cancelled"]);
    const task = await createTask(user, { tool_id: "profile-my-data" }, worker.base);
    expect((await edge("POST", `/tasks/${task.task_id}/cancel`, user)).status).toBe(200);
    // The one listening endpoint got it; by then the others' messages would have been sent with it.
    const [got] = await receiver.waitFor(listening, 1);
    expect(got.body.type).toBe("task.cancelled");
    const [rows] = await testDb().query(
      "SELECT d.endpoint_id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.task_id = ?",
      [task.task_id],
    );
    expect((rows as unknown[]).length).toBe(1);
    expect(receiver.received.filter((r) => r.path === disabledPath || r.path === otherEventPath)).toEqual([]);
  }, 60_000);
});
