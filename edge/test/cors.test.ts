/**
 * CORS as a browser meets it: preflights and actual requests from a page on an allowed origin
 * (the development default, http://localhost:<any port>) and from one that is not, on several
 * routes, including error answers a page must be able to read (401, 404, 429, 500).
 */
import { newId } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { signUp } from "../../test/support/auth-flow.js";
import { edgeUrl } from "../../test/support/http.js";
import { createTestUser, testDb } from "../../test/support/users.js";
import { ConfigError, loadConfig } from "../src/env.js";
import { isAllowedOrigin } from "../src/middleware/cors.js";

const ALLOWED = "http://localhost:5173";
const DISALLOWED = "https://evil.example";

async function preflight(path: string, origin: string, method: string, requestHeaders: string) {
  return fetch(`${edgeUrl()}${path}`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": requestHeaders },
  });
}

async function request(method: string, path: string, origin: string, init: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { origin };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${edgeUrl()}${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { res, body: text ? JSON.parse(text) : null };
}

function corsHeaderNames(headers: Headers): string[] {
  return [...headers.keys()].filter((name) => name.startsWith("access-control-"));
}

function expectReadableBy(headers: Headers, origin: string) {
  expect(headers.get("access-control-allow-origin")).toBe(origin);
  const exposed = (headers.get("access-control-expose-headers") ?? "").toLowerCase().split(",");
  for (const name of ["x-request-id", "retry-after", "location"]) expect(exposed).toContain(name);
  expect(headers.get("vary")?.toLowerCase()).toContain("origin");
}

describe("preflight", () => {
  const routes: [string, string, string][] = [
    ["/tasks", "POST", "authorization, content-type, idempotency-key"],
    [`/tasks/${newId("task")}`, "DELETE", "authorization"],
    ["/auth/login", "POST", "content-type"],
    [`/tasks/${newId("task")}/events`, "GET", "last-event-id"],
  ];
  for (const [path, method, requested] of routes) {
    it(`${method} ${path.replace(/tsk_\w+/, ":id")} from an allowed origin: 204 with methods, headers and max-age`, async () => {
      const res = await preflight(path, ALLOWED, method, requested);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
      const methods = (res.headers.get("access-control-allow-methods") ?? "").split(",");
      expect(methods).toContain(method);
      const headers = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(",");
      for (const name of requested.split(", ")) expect(headers).toContain(name);
      expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
      expect(res.headers.get("vary")?.toLowerCase()).toContain("origin");
    });

    it(`${method} ${path.replace(/tsk_\w+/, ":id")} from a disallowed origin: no CORS header at all`, async () => {
      const res = await preflight(path, DISALLOWED, method, requested);
      expect(corsHeaderNames(res.headers)).toEqual([]);
    });
  }

  it("127.0.0.1 on another port is allowed in development; a look-alike host is not", async () => {
    const ok = await preflight("/tasks", "http://127.0.0.1:4321", "POST", "authorization");
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:4321");
    const lookalike = await preflight("/tasks", "http://localhost.evil.example:5173", "POST", "authorization");
    expect(corsHeaderNames(lookalike.headers)).toEqual([]);
  });
});

describe("actual requests carry CORS headers, errors included", () => {
  it("200: GET /tools", async () => {
    const { res } = await request("GET", "/tools", ALLOWED);
    expect(res.status).toBe(200);
    expectReadableBy(res.headers, ALLOWED);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("201: POST /tasks with a token", async () => {
    const user = await createTestUser();
    const { res, body } = await request("POST", "/tasks", ALLOWED, { token: user.token, body: { tool_id: "profile-my-data" } });
    expect(res.status).toBe(201);
    expect(body.status).toBe("CREATED");
    expectReadableBy(res.headers, ALLOWED);
  });

  it("401: GET /tasks without a token", async () => {
    const { res, body } = await request("GET", "/tasks", ALLOWED);
    expect(res.status).toBe(401);
    expect(body.error.code).toBe("AUTH_REQUIRED");
    expectReadableBy(res.headers, ALLOWED);
  });

  it("404: an unknown route (notFound) and an unknown task (thrown ApiError)", async () => {
    const route = await request("GET", "/no-such-route", ALLOWED);
    expect(route.res.status).toBe(404);
    expect(route.body.error.code).toBe("NOT_FOUND");
    expectReadableBy(route.res.headers, ALLOWED);

    const user = await createTestUser();
    const task = await request("GET", `/tasks/${newId("task")}`, ALLOWED, { token: user.token });
    expect(task.res.status).toBe(404);
    expect(task.body.error.code).toBe("TASK_NOT_FOUND");
    expectReadableBy(task.res.headers, ALLOWED);
  });

  it("429: a second code within the minute, with a Retry-After the page can read", async () => {
    const { email } = await signUp();
    // The first resend after sign-up is accepted; the second within the minute is limited.
    expect((await request("POST", "/auth/resend-otp", ALLOWED, { body: { email } })).res.status).toBe(202);
    const { res, body } = await request("POST", "/auth/resend-otp", ALLOWED, { body: { email } });
    expect(res.status).toBe(429);
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expectReadableBy(res.headers, ALLOWED);
  });

  it("500: a task row whose stored agents are not JSON fails unhandled, and the error is still readable", async () => {
    const user = await createTestUser();
    const taskId = newId("task");
    await testDb().query("INSERT INTO tasks (task_id, user_id, tool_id, agents, status) VALUES (?, ?, 'profile-my-data', ?, 'CREATED')", [
      taskId,
      user.id,
      "{not json",
    ]);
    try {
      const { res, body } = await request("GET", `/tasks/${taskId}`, ALLOWED, { token: user.token });
      expect(res.status).toBe(500);
      expect(body.error.code).toBe("INTERNAL_ERROR");
      expectReadableBy(res.headers, ALLOWED);
    } finally {
      await testDb().query("DELETE FROM tasks WHERE task_id = ?", [taskId]);
    }
  });

  it("the event stream of a task answers with CORS headers", async () => {
    const user = await createTestUser();
    const created = await request("POST", "/tasks", ALLOWED, { token: user.token, body: { tool_id: "profile-my-data" } });
    const controller = new AbortController();
    const res = await fetch(`${edgeUrl()}/tasks/${created.body.task_id}/events`, {
      headers: { origin: ALLOWED, authorization: `Bearer ${user.token}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expectReadableBy(res.headers, ALLOWED);
    controller.abort();
  });

  it("a disallowed origin gets the same answers without any CORS header", async () => {
    const user = await createTestUser();
    for (const [method, path, token] of [
      ["GET", "/tools", undefined],
      ["GET", "/tasks", undefined],
      ["GET", `/tasks/${newId("task")}`, user.token],
      ["GET", "/no-such-route", undefined],
    ] as const) {
      const { res } = await request(method, path, DISALLOWED, { token });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(corsHeaderNames(res.headers), `${method} ${path}`).toEqual([]);
    }
  });
});

describe("CORS_ORIGINS", () => {
  const production = {
    ENVIRONMENT: "production",
    PUBLIC_URL: "https://api.example.com",
    DATABASE_URL: "https://u:p@db.example.com",
    B2_ENDPOINT: "https://s3.us-west-004.backblazeb2.com",
    B2_REGION: "us-west-004",
    B2_BUCKET: "b",
    B2_KEY_ID: "k",
    B2_APPLICATION_KEY: "s",
    JWT_SECRET: "x".repeat(40),
    COMPUTE_URL: "https://compute.example.com",
    COMPUTE_SHARED_SECRET: "y".repeat(32),
    MAIL_API_URL: "https://mail.example.com",
    MAIL_API_KEY: "m",
    STRIPE_SECRET_KEY: "sk",
    STRIPE_WEBHOOK_SECRET: "wh",
    WEBHOOK_SECRETS_KEY: "w".repeat(32),
  };

  it("refuses * in production at load, naming the setting", () => {
    expect(() => loadConfig({ ...production, CORS_ORIGINS: "https://app.example.com, *" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS may not be \*/);
  });

  it("refuses an entry that is not an origin", () => {
    expect(() => loadConfig({ CORS_ORIGINS: "https://app.example.com/path" })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: "app.example.com" })).toThrow(/CORS_ORIGINS/);
  });

  it("a configured list allows exactly its origins; production without a list allows none", () => {
    const listed = loadConfig({ ...production, CORS_ORIGINS: "https://app.example.com,https://admin.example.com" });
    expect(isAllowedOrigin(listed, "https://admin.example.com")).toBe(true);
    expect(isAllowedOrigin(listed, "http://localhost:5173")).toBe(false);
    expect(isAllowedOrigin(loadConfig({ ...production }), "http://localhost:5173")).toBe(false);
    expect(isAllowedOrigin(loadConfig({ ENVIRONMENT: "development", CORS_ORIGINS: "*" }), "https://anything.example")).toBe(true);
  });
});
