/** Verification codes: wrong tries, the 5-try lock, expiry, and the resend throttle. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { latestCodeFor, outboxFor, signUp, waitForMail } from "../../../test/support/auth-flow.js";
import { api, randomEmail } from "../../../test/support/http.js";
import { testDb } from "../../../test/support/users.js";

/** A code that is not the right one. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

/** State setup: lets a minute pass for the address's code-mail throttle. */
async function endCodeMailWindow(purpose: "verify" | "reset", email: string) {
  const key = `code-mail:${purpose}:${createHash("sha256").update(email).digest("hex")}`;
  const [result] = await testDb().query<any>(
    "UPDATE rate_limits SET window_started_at = window_started_at - INTERVAL 2 MINUTE WHERE `key` = ?",
    [key],
  );
  // A sign-up alone opens no window (its mail does not take the resend slot); a resend does.
  expect(result.affectedRows).toBeLessThanOrEqual(1);
}

describe("POST /auth/verify-otp", () => {
  it("400 AUTH_OTP_INVALID for a wrong code, counting the tries left", async () => {
    const { email } = await signUp();
    const code = await latestCodeFor(email);
    const res = await api("POST", "/auth/verify-otp", { body: { email, code: wrongCode(code) } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("AUTH_OTP_INVALID");
    expect(res.body.error.details.attempts_left).toBe(4);
    // A wrong try does not spoil the right code.
    expect((await api("POST", "/auth/verify-otp", { body: { email, code } })).status).toBe(200);
  });

  it("the fifth wrong code answers 429 AUTH_OTP_LOCKED, and then even the right code is refused", async () => {
    const { email } = await signUp();
    const code = await latestCodeFor(email);
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api("POST", "/auth/verify-otp", { body: { email, code: wrongCode(code) } });
      answers.push(`${res.status} ${res.body.error.code}`);
    }
    expect(answers).toEqual([
      "400 AUTH_OTP_INVALID",
      "400 AUTH_OTP_INVALID",
      "400 AUTH_OTP_INVALID",
      "400 AUTH_OTP_INVALID",
      "429 AUTH_OTP_LOCKED",
    ]);
    const right = await api("POST", "/auth/verify-otp", { body: { email, code } });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe("AUTH_OTP_LOCKED");

    // A new code (a minute later) works again.
    await endCodeMailWindow("verify", email);
    expect((await api("POST", "/auth/resend-otp", { body: { email } })).status).toBe(202);
    await waitForMail(email, 2);
    const fresh = await latestCodeFor(email);
    expect((await api("POST", "/auth/verify-otp", { body: { email, code: fresh } })).status).toBe(200);
  });

  it("parallel guesses cannot get more than 5 tries", async () => {
    const { email } = await signUp();
    const code = await latestCodeFor(email);
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
    const answers = await Promise.all(guesses.map((guess) => api("POST", "/auth/verify-otp", { body: { email, code: guess } })));
    const codes = answers.map((res) => res.body.error.code);
    expect(codes.filter((c) => c === "AUTH_OTP_INVALID")).toHaveLength(4);
    expect(codes.filter((c) => c === "AUTH_OTP_LOCKED")).toHaveLength(8);
    const [[row]] = await testDb().query<any[]>("SELECT otp_attempts FROM users WHERE email = ?", [email]);
    expect(row.otp_attempts).toBe(5);
  });

  it("400 AUTH_OTP_EXPIRED once the code is older than its 10 minutes", async () => {
    const { email, userId } = await signUp();
    const code = await latestCodeFor(email);
    await testDb().query("UPDATE users SET otp_expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE id = ?", [userId]);
    const res = await api("POST", "/auth/verify-otp", { body: { email, code } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("AUTH_OTP_EXPIRED");
  });

  it("stores an expiry 10 minutes after sending", async () => {
    const { userId } = await signUp();
    const [[row]] = await testDb().query<any[]>(
      "SELECT TIMESTAMPDIFF(SECOND, otp_sent_at, otp_expires_at) AS lifetime FROM users WHERE id = ?",
      [userId],
    );
    expect(Number(row.lifetime)).toBe(600);
  });

  it("400 AUTH_OTP_INVALID for an address without an account, and VALIDATION_ERROR for a code that is not 6 digits", async () => {
    const unknown = await api("POST", "/auth/verify-otp", { body: { email: randomEmail("nobody"), code: "123456" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("AUTH_OTP_INVALID");
    const malformed = await api("POST", "/auth/verify-otp", { body: { email: randomEmail(), code: "12345a" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(malformed.body.error.details.fields)).toEqual(["code"]);
  });
});

describe("POST /auth/resend-otp", () => {
  it("answers the same for an unknown address as for an account awaiting verification", async () => {
    const { email } = await signUp();
    await endCodeMailWindow("verify", email);
    const known = await api("POST", "/auth/resend-otp", { body: { email } });
    const unknown = await api("POST", "/auth/resend-otp", { body: { email: randomEmail("nobody") } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
  });

  it("mails a new code that replaces the old one", async () => {
    const { email } = await signUp();
    const first = await latestCodeFor(email);
    await endCodeMailWindow("verify", email);
    await api("POST", "/auth/resend-otp", { body: { email } });
    const messages = await waitForMail(email, 2);
    expect(messages).toHaveLength(2);
    const second = await latestCodeFor(email);
    if (second !== first) {
      const old = await api("POST", "/auth/verify-otp", { body: { email, code: first } });
      expect(old.body.error.code).toBe("AUTH_OTP_INVALID");
    }
    expect((await api("POST", "/auth/verify-otp", { body: { email, code: second } })).status).toBe(200);
  });

  it("right after sign-up answers the uniform 202, as for an unknown address; a second resend within a minute is 429 for both", async () => {
    const { email } = await signUp();
    const nobody = randomEmail("nobody");
    const first = await Promise.all([email, nobody].map((address) => api("POST", "/auth/resend-otp", { body: { email: address } })));
    expect(first.map((r) => r.status)).toEqual([202, 202]);
    expect(first[0].body).toEqual(first[1].body);
    expect(await waitForMail(email, 2)).toHaveLength(2);

    for (const address of [email, nobody]) {
      const again = await api("POST", "/auth/resend-otp", { body: { email: address } });
      expect(again.status).toBe(429);
      expect(again.body.error.code).toBe("RATE_LIMITED");
      const retryAfter = Number(again.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    expect(await outboxFor(email)).toHaveLength(2);
  });

  it("sends nothing to an address that is already verified", async () => {
    const { email } = await signUp();
    await api("POST", "/auth/verify-otp", { body: { email, code: await latestCodeFor(email) } });
    await endCodeMailWindow("verify", email);
    expect((await api("POST", "/auth/resend-otp", { body: { email } })).status).toBe(202);
    // A resend for an address awaiting verification, handled the same way after it, marks when the first is done.
    const { email: pending } = await signUp();
    expect((await api("POST", "/auth/resend-otp", { body: { email: pending } })).status).toBe(202);
    await waitForMail(pending, 2);
    expect(await outboxFor(email)).toHaveLength(1);
  });
});
