/**
 * A worker started with ENVIRONMENT=production: webhooks go to public https addresses only.
 * Private, loopback, link-local, unique-local and metadata addresses are refused at registration
 * in every spelling, and an endpoint stored with such an address (registered through the
 * development worker, which allows a local receiver) is never called at delivery either.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ConfigError, loadConfig } from "../../../edge/src/env.js";
import { type DedicatedWorker, startDedicatedWorker } from "../../../test/support/dedicated-worker.js";
import { api } from "../../../test/support/http.js";
import { createTestUser, type TestUser } from "../../../test/support/users.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../../test/support/webhook-receiver.js";
import { call, createTask } from "../tasks/helpers.js";

let production: DedicatedWorker;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  production = await startDedicatedWorker({
    ENVIRONMENT: "production",
    // Required in production; no mail is sent by these tests.
    ...PRODUCTION_MAIL,
  });
}, 90_000);

afterAll(async () => {
  await production?.close();
  await receiver?.close();
});

const PRODUCTION_MAIL = { MAIL_API_URL: "http://127.0.0.1:9/unused", MAIL_API_KEY: "unused-in-this-test" };

const register = (user: TestUser, url: string) =>
  call(production.base, "POST", "/webhooks", { token: user.token, body: { url, events: ["task.cancelled"] } });

describe("webhooks in production", () => {
  it("will not start with private receivers allowed, and needs its secrets key", () => {
    const vars = { ...inject("edgeVars"), ENVIRONMENT: "production", ...PRODUCTION_MAIL };
    expect(loadConfig(vars).WEBHOOK_SECRETS_KEY).toBe(inject("edgeVars").WEBHOOK_SECRETS_KEY);
    expect(() => loadConfig({ ...vars, WEBHOOK_ALLOW_PRIVATE_URLS: "true" })).toThrow(/WEBHOOK_ALLOW_PRIVATE_URLS may not be true/);
    expect(() => loadConfig({ ...vars, WEBHOOK_SECRETS_KEY: "" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...vars, WEBHOOK_SECRETS_KEY: "" })).toThrow(/WEBHOOK_SECRETS_KEY/);
  });

  it("refuses private and internal addresses at registration, in every spelling", async () => {
    const user = await createTestUser();
    const forbidden = [
      "https://localhost/hook",
      "https://api.localhost/hook",
      "https://127.0.0.1/hook",
      "https://127.1.2.3:8443/hook",
      "https://2130706433/hook", // 127.0.0.1 as one decimal number
      "https://0x7f.0.0.1/hook", // hex
      "https://0177.0.0.1/hook", // octal
      "https://0.0.0.0/hook",
      "https://[::1]/hook",
      "https://[::]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://[::ffff:169.254.169.254]/hook",
      "https://169.254.169.254/latest/meta-data/",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://10.0.0.7/hook",
      "https://172.16.0.1/hook",
      "https://172.31.255.254/hook",
      "https://192.168.1.20/hook",
      "https://100.64.0.1/hook",
      "https://[fc00::1]/hook",
      "https://[fd12:3456:789a::1]/hook",
      "https://[fe80::1]/hook",
      "https://[64:ff9b::a00:1]/hook", // NAT64 of 10.0.0.1
      "https://[2002:c0a8:101::1]/hook", // 6to4 of 192.168.1.1
      "https://printer.local/hook",
      "https://intranet/hook",
    ];
    for (const url of forbidden) {
      const res = await register(user, url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe("WEBHOOK_URL_FORBIDDEN");
    }
    const plain = await register(user, "http://hooks.example.com/agensium");
    expect(plain.status).toBe(400);
    expect(plain.body.error.code).toBe("WEBHOOK_URL_INVALID");
    expect(plain.body.error.message).toContain("https");

    // Public addresses are fine, including a public IP literal.
    for (const url of [
      "https://hooks.example.com/agensium",
      "https://93.184.215.14/hook",
      "https://172.32.0.1/hook",
      "https://[2606:4700::1111]/hook",
    ]) {
      const res = await register(user, url);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(201);
    }
    const listed = await call(production.base, "GET", "/webhooks", { token: user.token });
    expect(listed.body.items).toHaveLength(4);
  });

  it("never calls a private address at delivery, and records why", async () => {
    const user = await createTestUser();
    // The development worker (same database) lets a local receiver register, as a stored endpoint
    // from before a rule change would be; the production worker must still refuse to call it.
    const local = await api("POST", "/webhooks", {
      token: user.token,
      body: { url: `https://127.0.0.1:${receiver.port}/tls`, events: ["task.cancelled"] },
    });
    expect(local.status, JSON.stringify(local.body)).toBe(201);
    const plain = await api("POST", "/webhooks", { token: user.token, body: { url: receiver.url("/plain"), events: ["task.cancelled"] } });
    expect(plain.status).toBe(201);

    const task = await createTask(user, { tool_id: "profile-my-data" }, production.base);
    const cancelled = await call(production.base, "POST", `/tasks/${task.task_id}/cancel`, { token: user.token });
    expect(cancelled.status).toBe(200);

    const outcomes = async (id: string) =>
      (await call(production.base, "GET", `/webhooks/${id}/deliveries`, { token: user.token })).body.items;
    const deadline = Date.now() + 30_000;
    let refused: any[] = [];
    let refusedPlain: any[] = [];
    while (Date.now() < deadline && (refused[0]?.outcome !== "failed" || refusedPlain[0]?.outcome !== "failed")) {
      await new Promise((r) => setTimeout(r, 200));
      [refused, refusedPlain] = [await outcomes(local.body.id), await outcomes(plain.body.id)];
    }
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      attempt: 1,
      outcome: "failed",
      status_code: null,
      duration_ms: null,
      next_retry_at: null,
      task_id: task.task_id,
    });
    expect(refused[0].error).toMatch(/^WEBHOOK_URL_FORBIDDEN: /);
    expect(refusedPlain).toHaveLength(1);
    expect(refusedPlain[0]).toMatchObject({ outcome: "failed", status_code: null });
    expect(refusedPlain[0].error).toMatch(/^WEBHOOK_URL_INVALID: .*https/);
    expect(receiver.received).toEqual([]);
  }, 60_000);
});
