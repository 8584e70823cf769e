/**
 * Accounts made the way a user makes them: sign up through the API, read the code from the
 * development outbox (GET /__dev/mail), verify it. For tests that need a real signed-in user
 * with its refresh token and signup grant.
 */
import { expect } from "vitest";
import { api, randomEmail } from "./http.js";

export interface SignedUpUser {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export interface OutboxMessage {
  to: string;
  subject: string;
  text: string;
  created_at: string;
}

/** Messages the development outbox holds for an address, newest last. */
export async function outboxFor(email: string): Promise<OutboxMessage[]> {
  const res = await api<{ messages: OutboxMessage[] }>("GET", `/__dev/mail?to=${encodeURIComponent(email)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.messages;
}

/**
 * Waits until the outbox holds `count` messages for the address: forgot-password and resend-otp
 * mail after they answer, so the code is there a moment later, not at once.
 */
export async function waitForMail(email: string, count: number, timeoutMs = 10_000): Promise<OutboxMessage[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await outboxFor(email);
    if (messages.length >= count || Date.now() > deadline) return messages;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The 6-digit code in the newest message sent to the address. */
export async function latestCodeFor(email: string): Promise<string> {
  const messages = await outboxFor(email);
  const newest = messages.at(-1);
  const code = newest ? /\b(\d{6})\b/.exec(newest.text)?.[1] : undefined;
  if (!code) throw new Error(`no code in the outbox for ${email}`);
  return code;
}

export async function signUp(options: { email?: string; password?: string; fullName?: string } = {}) {
  const email = options.email ?? randomEmail("signup");
  const password = options.password ?? `pw-${crypto.randomUUID()}`;
  const res = await api("POST", "/auth/signup", { body: { email, password, full_name: options.fullName ?? "Ada Lovelace" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { userId: res.body.id as string, email, password };
}

export async function signUpAndVerify(options: { email?: string; password?: string; fullName?: string } = {}): Promise<SignedUpUser> {
  const { userId, email, password } = await signUp(options);
  const verified = await api("POST", "/auth/verify-otp", { body: { email, code: await latestCodeFor(email) } });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return { userId, email, password, accessToken: verified.body.access_token, refreshToken: verified.body.refresh_token };
}
