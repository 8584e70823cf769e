/**
 * The edge with its database out of reach. A worker of its own talks to the database through a
 * pass-through proxy in front of the real PlanetScale HTTP server, which the test switches to
 * "frozen" (accepts, never answers), "gone" (connections dropped) or to a second PlanetScale
 * HTTP server whose MySQL is not running. Every route must answer 503 SERVICE_UNAVAILABLE with
 * Retry-After within the query bound, /health?deep=1 must say the database is down, and all
 * must work again when the database is back.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningPlanetScaleHttp, startPlanetScaleHttp } from "../../local/planetscale-http.js";
import { freePort, LOCAL_CREDENTIALS } from "../../local/stack.js";
import { type DedicatedWorker, startDedicatedWorker } from "../../test/support/dedicated-worker.js";
import { createTestUser, type TestUser } from "../../test/support/users.js";
import { call } from "./tasks/helpers.js";

type Mode = "pass" | "frozen" | "gone" | "mysql-down";
let mode: Mode = "pass";
let proxy: Server;
let noMysql: RunningPlanetScaleHttp;
let worker: DedicatedWorker;
let base: string;
let user: TestUser;
const held: ServerResponse[] = [];

async function forward(req: IncomingMessage, res: ServerResponse, target: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", target);
  const upstream = await fetch(url, {
    method: req.method,
    headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" },
    body: Buffer.concat(chunks),
  });
  res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

beforeAll(async () => {
  const real = new URL(inject("planetscaleUrl")).origin;
  // MySQL on a port nothing listens on: the PlanetScale server is up, its database is not.
  noMysql = await startPlanetScaleHttp({
    databaseUrl: `mysql://root@127.0.0.1:${await freePort()}/agensium`,
    username: LOCAL_CREDENTIALS.psUser,
    password: LOCAL_CREDENTIALS.psPassword,
  });
  proxy = createServer((req, res) => {
    if (mode === "frozen") return void held.push(res);
    if (mode === "gone") return void req.socket.destroy();
    const target = mode === "mysql-down" ? new URL(noMysql.url).origin : real;
    forward(req, res, target).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyPort = (proxy.address() as AddressInfo).port;
  worker = await startDedicatedWorker({
    DATABASE_URL: `http://${LOCAL_CREDENTIALS.psUser}:${LOCAL_CREDENTIALS.psPassword}@127.0.0.1:${proxyPort}`,
    DATABASE_QUERY_TIMEOUT_MS: "1500",
  });
  base = worker.base;
  user = await createTestUser({ credits: 10 });
}, 120_000);

afterAll(async () => {
  mode = "pass";
  for (const res of held) res.destroy();
  await worker?.close();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await noMysql?.close();
});

/** A read behind auth, a read of a list, and an unauthenticated write: three routes that each need the database. */
const requests = () => [
  call(base, "GET", "/tasks", { token: user.token }),
  call(base, "GET", "/billing/wallet", { token: user.token }),
  call(base, "POST", "/auth/login", { body: { email: "nobody@example.com", password: "not the password" } }),
];

describe("database outage", () => {
  it("works through the proxy while the database is there", async () => {
    const [tasks, wallet] = await Promise.all(requests());
    expect(tasks.status).toBe(200);
    expect(wallet.status).toBe(200);
  });

  for (const outage of ["frozen", "gone", "mysql-down"] as const) {
    it(`answers 503 SERVICE_UNAVAILABLE with Retry-After on every route while the database is ${outage}`, async () => {
      mode = outage;
      try {
        const responses = await Promise.all(requests());
        for (const res of responses) {
          expect(res.status, JSON.stringify(res.body)).toBe(503);
          expect(res.body.error.code).toBe("SERVICE_UNAVAILABLE");
          expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        }
        const shallow = await call(base, "GET", "/health");
        expect(shallow.status).toBe(200);
        const deep = await call(base, "GET", "/health?deep=1");
        expect(deep.status).toBe(503);
        expect(deep.body.checks.database.status).toBe("down");
        expect(deep.body.checks.storage.status).toBe("up");
      } finally {
        mode = "pass";
      }
      const [tasks] = await Promise.all(requests());
      expect(tasks.status).toBe(200);
      expect((await call(base, "GET", "/health?deep=1")).body.checks.database.status).toBe("up");
    }, 60_000);
  }
});
