/**
 * Throttles keyed by email address, applied the same way whether or not the address has an
 * account, so their answers never reveal which addresses are registered.
 */
import type { Database } from "../db/client.js";
import { clearRateLimit, reserveAttempt, takeRateLimitSlot } from "../db/rate-limits.js";
import type { OneTimeCodePurpose } from "../db/users.js";
import { ApiError } from "../errors.js";
import { sha256Hex } from "./crypto.js";

/** Five password checks within 15 minutes without a success lock the address for 15 minutes. */
export const LOGIN_LOCKOUT = { maxAttempts: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** At most one code mail per address and purpose a minute (signup counts as the first). */
export const CODE_MAIL_INTERVAL_MS = 60_000;

// Hashed so any address fits the 191-character key.
const loginKey = async (email: string) => `login:${await sha256Hex(email)}`;
const codeMailKey = async (purpose: OneTimeCodePurpose, email: string) => `code-mail:${purpose}:${await sha256Hex(email)}`;

function rateLimited(message: string, retryAfterSeconds: number) {
  return new ApiError("RATE_LIMITED", message, { retry_after_seconds: retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
}

/**
 * Takes one of the address's login attempts before its password is checked; 429 with Retry-After
 * once five are taken. Reserving first (not recording the failure after the slow hash) is what
 * keeps fifty parallel requests to five checks.
 */
export async function takeLoginAttempt(db: Database, email: string, now: Date): Promise<void> {
  const decision = await reserveAttempt(db, await loginKey(email), LOGIN_LOCKOUT, now);
  if (!decision.allowed)
    throw rateLimited("Too many failed sign-in attempts for this address; try again later", decision.retryAfterSeconds);
}

export async function clearFailedLogins(db: Database, email: string): Promise<void> {
  await clearRateLimit(db, await loginKey(email));
}

/** Takes the address's slot for sending a code; 429 with Retry-After when one went out less than a minute ago. */
export async function takeCodeMailSlot(db: Database, purpose: OneTimeCodePurpose, email: string, now: Date): Promise<void> {
  const decision = await takeRateLimitSlot(db, await codeMailKey(purpose, email), 1, CODE_MAIL_INTERVAL_MS, now);
  if (!decision.allowed) throw rateLimited("A code was sent to this address less than a minute ago", decision.retryAfterSeconds);
}
