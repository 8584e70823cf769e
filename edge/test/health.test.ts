import { describe, expect, inject, it } from "vitest";

const edgeUrl = inject("edgeUrl");

describe("GET /health", () => {
  it("answers status and version with a request id", async () => {
    const res = await fetch(`${edgeUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^req_[0-9A-Z]{26}$/);
    expect(await res.json()).toEqual({ status: "ok", version: "2.1.0" });
  });

  it("with deep=1 reaches the database, storage and compute from inside the worker", async () => {
    const res = await fetch(`${edgeUrl}/health?deep=1`);
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string; error?: string }> };
    expect(body.checks.database).toMatchObject({ status: "up" });
    expect(body.checks.storage).toMatchObject({ status: "up" });
    expect(body.checks.compute).toMatchObject({ status: "up" });
    expect(res.status).toBe(200);
    expect(body.status).toBe("ok");
  });

  it("answers an unknown route with the single error body", async () => {
    const res = await fetch(`${edgeUrl}/no/such/route`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.request_id).toBe(res.headers.get("x-request-id"));
  });

  it("serves the OpenAPI document generated from the route schemas", async () => {
    const res = await fetch(`${edgeUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/health");
  });
});

describe("GET /health?deep=1 with parts down", () => {
  it("answers 503 and names each part that is down", async () => {
    const { startWorker } = await import("../../local/worker.js");
    const { freePort } = await import("../../local/stack.js");
    const closedPort = await freePort();
    const worker = await startWorker({
      projectRoot: inject("projectRoot"),
      quiet: true,
      vars: { ...inject("edgeVars"), COMPUTE_URL: `http://127.0.0.1:${closedPort}`, B2_BUCKET: "no-such-bucket" },
    });
    try {
      const res = await fetch(`${worker.url}/health?deep=1`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: Record<string, { status: string; error?: string }> };
      expect(body.status).toBe("degraded");
      expect(body.checks.database.status).toBe("up");
      expect(body.checks.storage.status).toBe("down");
      expect(body.checks.storage.error).toMatch(/no-such-bucket/);
      expect(body.checks.compute.status).toBe("down");
    } finally {
      await worker.close();
    }
  });

  it("refuses to serve in production without its secrets, naming them", async () => {
    const { startWorker } = await import("../../local/worker.js");
    const vars = { ...inject("edgeVars"), ENVIRONMENT: "production" };
    delete (vars as Record<string, string | undefined>).JWT_SECRET;
    delete (vars as Record<string, string | undefined>).STRIPE_SECRET_KEY;
    const worker = await startWorker({ projectRoot: inject("projectRoot"), vars, quiet: true });
    try {
      const res = await fetch(`${worker.url}/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
      expect(body.error.message).toContain("JWT_SECRET");
      expect(body.error.message).toContain("STRIPE_SECRET_KEY");
    } finally {
      await worker.close();
    }
  });
});
