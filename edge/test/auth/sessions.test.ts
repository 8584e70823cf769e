/** Refresh-token rotation, reuse detection, logout, and the shared security suite on the authenticated auth routes. */
import { newId } from "@agensium/shared";
import { sign } from "hono/jwt";
import { describe, expect, inject, it } from "vitest";
import { latestCodeFor, signUpAndVerify, waitForMail } from "../../../test/support/auth-flow.js";
import { api } from "../../../test/support/http.js";
import { describeAuthenticatedRoute } from "../../../test/support/security.js";
import { createTestUser, testDb } from "../../../test/support/users.js";

const refresh = (refreshToken: string) => api("POST", "/auth/refresh", { body: { refresh_token: refreshToken } });

describe("POST /auth/refresh", () => {
  it("rotates: the new pair works, the old refresh token no longer does", async () => {
    const user = await signUpAndVerify();
    const first = await refresh(user.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(user.refreshToken);
    expect(first.body.access_token).not.toBe(user.accessToken);
    expect((await api("GET", "/auth/me", { token: first.body.access_token })).body.id).toBe(user.userId);

    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
  });

  it("reuse of a rotated token revokes the whole family: the newest token stops working too", async () => {
    const user = await signUpAndVerify();
    const rotated = await refresh(user.refreshToken);
    expect(rotated.status).toBe(200);

    const reuse = await refresh(user.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe("AUTH_REFRESH_INVALID");

    const newest = await refresh(rotated.body.refresh_token);
    expect(newest.status).toBe(401);
    expect(newest.body.error.code).toBe("AUTH_REFRESH_INVALID");
  });

  it("reuse in one session leaves the user's other sessions alone", async () => {
    const user = await signUpAndVerify();
    const other = await api("POST", "/auth/login", { body: { email: user.email, password: user.password } });
    await refresh(user.refreshToken);
    await refresh(user.refreshToken);
    expect((await refresh(other.body.refresh_token)).status).toBe(200);
  });

  it("401 AUTH_REFRESH_INVALID for an unknown token and for an expired one", async () => {
    const unknown = await refresh("bm90LWEtcmVhbC1yZWZyZXNoLXRva2VuLWF0LWFsbC0wMDAw");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("AUTH_REFRESH_INVALID");

    const user = await signUpAndVerify();
    await testDb().query("UPDATE refresh_tokens SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE user_id = ?", [user.userId]);
    const expired = await refresh(user.refreshToken);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("AUTH_REFRESH_INVALID");
  });

  it("stores refresh tokens only as hashes, valid for 30 days", async () => {
    const user = await signUpAndVerify();
    const [rows] = await testDb().query<any[]>(
      "SELECT token_hash, TIMESTAMPDIFF(DAY, created_at, expires_at) AS days FROM refresh_tokens WHERE user_id = ?",
      [user.userId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(user.refreshToken);
    expect(Number(rows[0].days)).toBe(30);
  });

  it("403 AUTH_ACCOUNT_DISABLED once the account is disabled", async () => {
    const user = await signUpAndVerify();
    await testDb().query("UPDATE users SET is_active = false WHERE id = ?", [user.userId]);
    const res = await refresh(user.refreshToken);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("AUTH_ACCOUNT_DISABLED");
  });

  it("400 VALIDATION_ERROR without a refresh token", async () => {
    const res = await api("POST", "/auth/refresh", { body: {} });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.details.fields)).toEqual(["refresh_token"]);
  });
});

describe("POST /auth/logout", () => {
  it("204, and the given refresh token's session stops refreshing while other sessions go on", async () => {
    const user = await signUpAndVerify();
    const other = await api("POST", "/auth/login", { body: { email: user.email, password: user.password } });
    const res = await api("POST", "/auth/logout", { token: user.accessToken, body: { refresh_token: user.refreshToken } });
    expect(res.status).toBe(204);
    const after = await refresh(user.refreshToken);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("AUTH_REFRESH_INVALID");
    expect((await refresh(other.body.refresh_token)).status).toBe(200);
  });

  it("without a body, ends every session of the user", async () => {
    const user = await signUpAndVerify();
    const other = await api("POST", "/auth/login", { body: { email: user.email, password: user.password } });
    expect((await api("POST", "/auth/logout", { token: user.accessToken })).status).toBe(204);
    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await refresh(other.body.refresh_token)).status).toBe(401);
  });

  it("cannot end another user's session", async () => {
    const owner = await signUpAndVerify();
    const stranger = await signUpAndVerify();
    const res = await api("POST", "/auth/logout", { token: stranger.accessToken, body: { refresh_token: owner.refreshToken } });
    expect(res.status).toBe(204);
    expect((await refresh(owner.refreshToken)).status).toBe(200);
  });
});

describe("GET /auth/me", () => {
  it("403 AUTH_NOT_VERIFIED for an unverified account and AUTH_ACCOUNT_DISABLED for a disabled one", async () => {
    const unverified = await createTestUser({ verified: false });
    const a = await api("GET", "/auth/me", { token: unverified.token });
    expect(a.status).toBe(403);
    expect(a.body.error.code).toBe("AUTH_NOT_VERIFIED");
    const disabled = await createTestUser({ active: false });
    const b = await api("GET", "/auth/me", { token: disabled.token });
    expect(b.status).toBe(403);
    expect(b.body.error.code).toBe("AUTH_ACCOUNT_DISABLED");
  });

  it("shows the balance the ledger holds", async () => {
    const user = await createTestUser({ credits: 37 });
    const res = await api("GET", "/auth/me", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, email: user.email, balance_credits: 37 });
  });
});

describeAuthenticatedRoute("GET", "/auth/me");
describeAuthenticatedRoute("POST", "/auth/logout");

describe("access tokens", () => {
  it("refuses a correctly signed token that lacks exp, iat, sub or jti", async () => {
    const user = await createTestUser();
    const now = Math.floor(Date.now() / 1000);
    const full = { sub: user.id, iat: now, exp: now + 600, jti: `jti-${crypto.randomUUID()}` };
    const secret = inject("edgeVars").JWT_SECRET;
    expect((await api("GET", "/auth/me", { token: await sign(full, secret, "HS256") })).status).toBe(200);
    for (const missing of ["exp", "iat", "sub", "jti"] as const) {
      const { [missing]: _dropped, ...claims } = full;
      const res = await api("GET", "/auth/me", { token: await sign(claims, secret, "HS256") });
      expect(res.status, `without ${missing}`).toBe(401);
      expect(res.body.error.code).toBe("AUTH_INVALID_TOKEN");
    }
  });

  it("signing out everywhere ends every access token of the user at once; a new sign-in works", async () => {
    const user = await signUpAndVerify();
    const other = await api("POST", "/auth/login", { body: { email: user.email, password: user.password } });
    const tokens = [user.accessToken, other.body.access_token];
    for (const token of tokens) expect((await api("GET", "/auth/me", { token })).status).toBe(200);
    expect((await api("POST", "/auth/logout", { token: user.accessToken })).status).toBe(204);
    for (const token of tokens) {
      const res = await api("GET", "/auth/me", { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("AUTH_INVALID_TOKEN");
      // Task routes read the user through their own query; they refuse it too.
      expect((await api("GET", `/tasks/${newId("task")}`, { token })).status).toBe(401);
    }
    const again = await api("POST", "/auth/login", { body: { email: user.email, password: user.password } });
    expect((await api("GET", "/auth/me", { token: again.body.access_token })).status).toBe(200);
  });

  it("signing out one session keeps the other sessions' access tokens", async () => {
    const user = await signUpAndVerify();
    const other = await api("POST", "/auth/login", { body: { email: user.email, password: user.password } });
    await api("POST", "/auth/logout", { token: user.accessToken, body: { refresh_token: user.refreshToken } });
    expect((await api("GET", "/auth/me", { token: other.body.access_token })).status).toBe(200);
  });

  it("a password reset ends every access token issued before it", async () => {
    const user = await signUpAndVerify();
    expect((await api("POST", "/auth/forgot-password", { body: { email: user.email } })).status).toBe(202);
    await waitForMail(user.email, 2);
    const reset = await api("POST", "/auth/reset-password", {
      body: { email: user.email, code: await latestCodeFor(user.email), new_password: "a brand new passphrase" },
    });
    expect(reset.status).toBe(200);
    const res = await api("GET", "/auth/me", { token: user.accessToken });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AUTH_INVALID_TOKEN");
  });
});
