/** Signing up, verifying the address through the development outbox, and the welcome grant. */
import { describe, expect, inject, it } from "vitest";
import { latestCodeFor, outboxFor, signUp, signUpAndVerify } from "../../../test/support/auth-flow.js";
import { api, randomEmail } from "../../../test/support/http.js";
import { testDb } from "../../../test/support/users.js";

/** What the worker under test grants; the default of the setting when the test stack leaves it unset. */
const grantCredits = Number(inject("edgeVars").SIGNUP_GRANT_CREDITS ?? 100);

describe("the happy path through the development outbox", () => {
  it("signs up, mails a 6-digit code, verifies it and signs the user in", async () => {
    const email = randomEmail("happy");
    const password = "correct horse battery";
    const signup = await api("POST", "/auth/signup", { body: { email, password, full_name: "Grace Hopper" } });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({ email, full_name: "Grace Hopper", is_verified: false });
    expect(signup.body.id).toMatch(/^usr_[0-9A-Z]{26}$/);
    expect(JSON.stringify(signup.body)).not.toContain(password);

    const messages = await outboxFor(email);
    expect(messages).toHaveLength(1);
    expect(messages[0].to).toBe(email);
    const code = /\b(\d{6})\b/.exec(messages[0].text)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const verified = await api("POST", "/auth/verify-otp", { body: { email, code } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(verified.body.access_token.split(".")).toHaveLength(3);
    expect(verified.body.refresh_token.length).toBeGreaterThanOrEqual(40);

    const me = await api("GET", "/auth/me", { token: verified.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: signup.body.id,
      email,
      full_name: "Grace Hopper",
      is_verified: true,
      balance_credits: grantCredits,
    });

    const login = await api("POST", "/auth/login", { body: { email, password } });
    expect(login.status).toBe(200);
    expect(login.body.refresh_token).not.toBe(verified.body.refresh_token);

    // The code is used up.
    const again = await api("POST", "/auth/verify-otp", { body: { email, code } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("AUTH_OTP_INVALID");
  });

  it("compares addresses trimmed and lower-cased", async () => {
    const email = randomEmail("case");
    await signUp({ email });
    const code = await latestCodeFor(email);
    const verified = await api("POST", "/auth/verify-otp", { body: { email: `  ${email.toUpperCase()} `, code } });
    expect(verified.status).toBe(200);
  });
});

describe("the signup grant", () => {
  it("writes one GRANT row with the signup key (verification repeats it harmlessly), and the wallet holds exactly the ledger's sum", async () => {
    const user = await signUpAndVerify();
    const [rows] = await testDb().query<any[]>("SELECT delta_credits, type, idempotency_key FROM credit_transactions WHERE user_id = ?", [
      user.userId,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "GRANT", idempotency_key: `grant:signup:${user.userId}` });
    expect(Number(rows[0].delta_credits)).toBe(grantCredits);
    const [[wallet]] = await testDb().query<any[]>("SELECT balance_credits FROM credit_wallets WHERE user_id = ?", [user.userId]);
    expect(Number(wallet.balance_credits)).toBe(grantCredits);
    const me = await api("GET", "/auth/me", { token: user.accessToken });
    expect(me.body.balance_credits).toBe(grantCredits);
  });
});

describe("what signup stores", () => {
  it("keeps the password as a salted PBKDF2-SHA256 hash with 100,000 iterations and the code only hashed", async () => {
    const password = "a very private passphrase";
    const first = await signUp({ password });
    const second = await signUp({ password });
    const [rows] = await testDb().query<any[]>("SELECT id, password_hash, otp_hash FROM users WHERE id IN (?, ?)", [
      first.userId,
      second.userId,
    ]);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(row.password_hash).not.toContain(password);
      const code = await latestCodeFor(row.id === first.userId ? first.email : second.email);
      expect(row.otp_hash).not.toContain(code);
    }
    // Per-user salt: the same password hashes differently.
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
  });
});

describe("signup refusals", () => {
  it("409 AUTH_EMAIL_TAKEN for an address that has an account, however it is written", async () => {
    const { email } = await signUp();
    const res = await api("POST", "/auth/signup", { body: { email: email.toUpperCase(), password: "another password", full_name: "X" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("AUTH_EMAIL_TAKEN");
  });

  it("parallel signups for one address: exactly one account, the others 409", async () => {
    const email = randomEmail("race");
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => api("POST", "/auth/signup", { body: { email, password: "racing passphrase", full_name: "R" } })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([201, 409, 409, 409]);
    const [rows] = await testDb().query<any[]>("SELECT id FROM users WHERE email = ?", [email]);
    expect(rows).toHaveLength(1);
  });

  it("400 VALIDATION_ERROR naming each bad field: malformed email, short password, unknown field", async () => {
    const res = await api("POST", "/auth/signup", {
      body: { email: "not-an-address", password: "short", full_name: "Ada", is_admin: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    const fields = res.body.error.details.fields;
    expect(Object.keys(fields).sort()).toEqual(["(root)", "email", "password"]);
    expect(fields.password[0]).toContain("10");
    expect(fields["(root)"][0]).toContain("is_admin");
  });

  it("415 UNSUPPORTED_MEDIA_TYPE for a missing body (no Content-Type), 400 VALIDATION_ERROR for a body that is not JSON", async () => {
    const missing = await api("POST", "/auth/signup");
    expect(missing.status).toBe(415);
    expect(missing.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const garbled = await api("POST", "/auth/signup", { rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(garbled.status).toBe(400);
    expect(garbled.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("413 PAYLOAD_TOO_LARGE for a body above 64 KiB, before anything is created", async () => {
    const email = randomEmail("large");
    // Refused before the body is read, after which the worker closes the connection: this request
    // gets its own, so the next one does not meet a reset pooled socket.
    const res = await api("POST", "/auth/signup", {
      body: { email, password: "long enough password", full_name: "x".repeat(70 * 1024) },
      headers: { connection: "close" },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    const [rows] = await testDb().query<any[]>("SELECT id FROM users WHERE email = ?", [email]);
    expect(rows).toHaveLength(0);
  });
});

describe("the API description", () => {
  it("documents every auth route and leaves the development outbox out", async () => {
    const doc = await api("GET", "/openapi.json");
    const paths = Object.keys(doc.body.paths);
    for (const path of [
      "/auth/signup",
      "/auth/verify-otp",
      "/auth/resend-otp",
      "/auth/login",
      "/auth/refresh",
      "/auth/logout",
      "/auth/forgot-password",
      "/auth/reset-password",
      "/auth/me",
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.some((path) => path.startsWith("/__dev"))).toBe(false);
    expect(doc.body.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.body.components.securitySchemes.bearerAuth.description).toContain("agk_");
    expect(doc.body.paths["/auth/me"].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.body.paths["/auth/login"].post.security).toEqual([]);
  });
});
