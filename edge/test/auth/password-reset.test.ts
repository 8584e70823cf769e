/** Forgot and reset password through the mailed code. */
import { describe, expect, it } from "vitest";
import { latestCodeFor, outboxFor, signUpAndVerify, waitForMail } from "../../../test/support/auth-flow.js";
import { api, randomEmail } from "../../../test/support/http.js";

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("POST /auth/forgot-password and /auth/reset-password", () => {
  it("mails a code; the reset changes the password and signs out every session", async () => {
    const user = await signUpAndVerify();
    const forgot = await api("POST", "/auth/forgot-password", { body: { email: user.email } });
    expect(forgot.status).toBe(202);
    const messages = await waitForMail(user.email, 2);
    expect(messages).toHaveLength(2);
    expect(messages[1].subject).toContain("password reset");
    const code = await latestCodeFor(user.email);

    const newPassword = "a brand new passphrase";
    const reset = await api("POST", "/auth/reset-password", { body: { email: user.email, code, new_password: newPassword } });
    expect(reset.status).toBe(200);
    expect(reset.body.status).toBe("password_reset");

    expect((await api("POST", "/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(401);
    expect((await api("POST", "/auth/login", { body: { email: user.email, password: newPassword } })).status).toBe(200);
    const oldSession = await api("POST", "/auth/refresh", { body: { refresh_token: user.refreshToken } });
    expect(oldSession.body.error.code).toBe("AUTH_REFRESH_INVALID");

    const reused = await api("POST", "/auth/reset-password", { body: { email: user.email, code, new_password: "yet another passphrase" } });
    expect(reused.body.error.code).toBe("AUTH_OTP_INVALID");
  });

  it("answers the same for an unknown address, and sends it nothing", async () => {
    const user = await signUpAndVerify();
    const nobody = randomEmail("nobody");
    const known = await api("POST", "/auth/forgot-password", { body: { email: user.email } });
    const unknown = await api("POST", "/auth/forgot-password", { body: { email: nobody } });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    // Both were handled after the answer; once the known address has its mail, the unknown one has none.
    expect(await waitForMail(user.email, 2)).toHaveLength(2);
    expect(await outboxFor(nobody)).toHaveLength(0);
  });

  it("429 RATE_LIMITED with Retry-After for a second request within a minute", async () => {
    const user = await signUpAndVerify();
    expect((await api("POST", "/auth/forgot-password", { body: { email: user.email } })).status).toBe(202);
    const again = await api("POST", "/auth/forgot-password", { body: { email: user.email } });
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe("RATE_LIMITED");
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("a verification code does not reset a password, a wrong code is refused, a short password is a validation error", async () => {
    const user = await signUpAndVerify();
    await api("POST", "/auth/forgot-password", { body: { email: user.email } });
    await waitForMail(user.email, 2);
    const code = await latestCodeFor(user.email);
    const wrong = await api("POST", "/auth/reset-password", {
      body: { email: user.email, code: wrongCode(code), new_password: "a brand new passphrase" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("AUTH_OTP_INVALID");
    const short = await api("POST", "/auth/reset-password", { body: { email: user.email, code, new_password: "short" } });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(short.body.error.details.fields)).toEqual(["new_password"]);
    // The old password still works: nothing changed.
    expect((await api("POST", "/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(200);
  });

  it("lifts a login lockout", async () => {
    const user = await signUpAndVerify();
    for (let i = 0; i < 5; i++) await api("POST", "/auth/login", { body: { email: user.email, password: `wrong password ${i}` } });
    expect((await api("POST", "/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(429);
    await api("POST", "/auth/forgot-password", { body: { email: user.email } });
    await waitForMail(user.email, 2);
    const newPassword = "a brand new passphrase";
    const reset = await api("POST", "/auth/reset-password", {
      body: { email: user.email, code: await latestCodeFor(user.email), new_password: newPassword },
    });
    expect(reset.status).toBe(200);
    expect((await api("POST", "/auth/login", { body: { email: user.email, password: newPassword } })).status).toBe(200);
  });
});
