/** Signing in: credentials, unverified and disabled accounts, and the lockout after repeated failures. */
import { describe, expect, it } from "vitest";
import { signUp, signUpAndVerify } from "../../../test/support/auth-flow.js";
import { api, randomEmail } from "../../../test/support/http.js";
import { testDb } from "../../../test/support/users.js";

const login = (email: string, password: string) => api("POST", "/auth/login", { body: { email, password } });

describe("POST /auth/login", () => {
  it("returns a token pair that works on /auth/me", async () => {
    const user = await signUpAndVerify();
    const res = await login(user.email, user.password);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const me = await api("GET", "/auth/me", { token: res.body.access_token });
    expect(me.body.id).toBe(user.userId);
  });

  it("401 AUTH_INVALID_CREDENTIALS with the same body for a wrong password and an unknown address", async () => {
    const user = await signUpAndVerify();
    const wrong = await login(user.email, "not the password at all");
    const unknown = await login(randomEmail("nobody"), "not the password at all");
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("AUTH_INVALID_CREDENTIALS");
    }
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect(Object.keys(unknown.body.error).sort()).toEqual(Object.keys(wrong.body.error).sort());
  });

  it("403 AUTH_NOT_VERIFIED with the right password before the address is verified", async () => {
    const { email, password } = await signUp();
    const res = await login(email, password);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("AUTH_NOT_VERIFIED");
    // Without the right password it says nothing about the account.
    expect((await login(email, "not the password at all")).body.error.code).toBe("AUTH_INVALID_CREDENTIALS");
  });

  it("403 AUTH_ACCOUNT_DISABLED for a disabled account with the right password", async () => {
    const user = await signUpAndVerify();
    await testDb().query("UPDATE users SET is_active = false WHERE id = ?", [user.userId]);
    const res = await login(user.email, user.password);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("AUTH_ACCOUNT_DISABLED");
  });

  it("400 VALIDATION_ERROR for a malformed address or an unknown field", async () => {
    const res = await api("POST", "/auth/login", { body: { email: "ada@", password: "whatever123", remember: true } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(["(root)", "email"]);
  });
});

describe("lockout after repeated failures", () => {
  it("after 5 wrong passwords the address answers 429 RATE_LIMITED with Retry-After, even to the right password", async () => {
    const user = await signUpAndVerify();
    for (let i = 0; i < 5; i++) expect((await login(user.email, `wrong password ${i}`)).status).toBe(401);
    const locked = await login(user.email, user.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.body.error.details.retry_after_seconds).toBe(retryAfter);
  });

  it("locks an unknown address the same way", async () => {
    const email = randomEmail("nobody");
    for (let i = 0; i < 5; i++) expect((await login(email, `wrong password ${i}`)).status).toBe(401);
    const locked = await login(email, "wrong password 6");
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe("RATE_LIMITED");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a successful sign-in clears earlier failures", async () => {
    const user = await signUpAndVerify();
    for (let i = 0; i < 4; i++) await login(user.email, `wrong password ${i}`);
    expect((await login(user.email, user.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(user.email, `wrong password ${i}`)).status).toBe(401);
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it("the lock lifts when its time is over", async () => {
    const user = await signUpAndVerify();
    for (let i = 0; i < 5; i++) await login(user.email, `wrong password ${i}`);
    expect((await login(user.email, user.password)).status).toBe(429);
    // State setup: the lock ended a second ago.
    const [result] = await testDb().query<any>(
      "UPDATE rate_limits SET blocked_until = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE blocked_until > UTC_TIMESTAMP(3) AND `key` = CONCAT('login:', SHA2(?, 256))",
      [user.email],
    );
    expect(result.affectedRows).toBe(1);
    expect((await login(user.email, user.password)).status).toBe(200);
  });
});

describe("lockout under parallel attempts", () => {
  const statuses = (responses: { status: number }[]) => {
    const counts: Record<number, number> = {};
    for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };

  it("30 wrong passwords at once: exactly 5 are checked (401), the rest 429, and the lock then holds", async () => {
    const user = await signUpAndVerify();
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(user.email, `wrong password ${i}`)));
    expect(statuses(responses)).toEqual({ 401: 5, 429: 25 });
    expect((await login(user.email, user.password)).status).toBe(429);
  });

  it("50 right passwords at once after 5 failures: all 429, no session is created", async () => {
    const user = await signUpAndVerify();
    const sessions = async () => {
      const [rows] = await testDb().query<any>("SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ?", [user.userId]);
      return Number(rows[0].n);
    };
    for (let i = 0; i < 5; i++) expect((await login(user.email, `wrong password ${i}`)).status).toBe(401);
    const before = await sessions();
    const responses = await Promise.all(Array.from({ length: 50 }, () => login(user.email, user.password)));
    expect(statuses(responses)).toEqual({ 429: 50 });
    expect(responses.some((r) => r.body?.access_token)).toBe(false);
    expect(await sessions()).toBe(before);
  });

  it("30 attempts at once on an unknown address: exactly 5 checked, then locked", async () => {
    const email = randomEmail("nobody");
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(email, `wrong password ${i}`)));
    expect(statuses(responses)).toEqual({ 401: 5, 429: 25 });
  });
});
