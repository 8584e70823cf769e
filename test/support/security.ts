/**
 * The shared security suite: every authenticated route refuses a missing token, a garbled
 * token, a token signed with another key, an alg:none token and an expired token, each with
 * 401 and the single error body. Call it once per route.
 */
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { api } from "./http.js";
import { accessTokenFor, createTestUser } from "./users.js";

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function describeAuthenticatedRoute(method: string, path: string | (() => Promise<string>), body?: unknown) {
  const resolvePath = typeof path === "string" ? async () => path : path;
  describe(`${method} ${typeof path === "string" ? path : "(route)"} refuses unauthenticated callers`, () => {
    async function expect401(headers: Record<string, string>, code: string) {
      const res = await api(method, await resolvePath(), { headers, body });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.request_id).toMatch(/^req_/);
    }

    it("without a token", async () => {
      await expect401({}, "AUTH_REQUIRED");
    });

    it("with a garbled token", async () => {
      await expect401({ authorization: "Bearer not.a.jwt" }, "AUTH_INVALID_TOKEN");
    });

    it("with a token signed by another key", async () => {
      const user = await createTestUser();
      const now = Math.floor(Date.now() / 1000);
      const forged = await sign({ sub: user.id, iat: now, exp: now + 600 }, "another-key-another-key-another-key", "HS256");
      await expect401({ authorization: `Bearer ${forged}` }, "AUTH_INVALID_TOKEN");
    });

    it("with an alg:none token", async () => {
      const user = await createTestUser();
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ sub: user.id, iat: now, exp: now + 600 })}.`;
      await expect401({ authorization: `Bearer ${unsigned}` }, "AUTH_INVALID_TOKEN");
    });

    it("with an expired token", async () => {
      const user = await createTestUser();
      const expired = await accessTokenFor(user.id, 60, Date.now() - 3_600_000);
      await expect401({ authorization: `Bearer ${expired}` }, "AUTH_TOKEN_EXPIRED");
    });
  });
}
