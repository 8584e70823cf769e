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
