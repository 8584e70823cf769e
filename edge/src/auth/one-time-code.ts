/**
 * Six-digit one-time codes for email verification and password reset. One code is pending per
 * user; it is stored as an HMAC (keyed with the server secret and bound to the user and the
 * purpose), lives 10 minutes, and 5 wrong tries use it up.
 */
import type { Database } from "../db/client.js";
import type { User } from "../db/schema/index.js";
import { type OneTimeCodePurpose, spendCodeAttempt, storeOneTimeCode } from "../db/users.js";
import { ApiError } from "../errors.js";
import { constantTimeEqual, hmacSha256Hex, randomBytes } from "./crypto.js";

export const CODE_TTL_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;

/** Uniform over 000000–999999: values from the biased top of the 32-bit range are drawn again. */
export function generateCode(): string {
  const limit = 4_294_000_000; // largest multiple of 1,000,000 below 2^32
  for (;;) {
    const [value] = new Uint32Array(randomBytes(4).buffer);
    if (value < limit) return String(value % 1_000_000).padStart(6, "0");
  }
}

function hashCode(secret: string, userId: string, purpose: OneTimeCodePurpose, code: string): Promise<string> {
  return hmacSha256Hex(secret, `otp:${purpose}:${userId}:${code}`);
}

/** Creates a new code for the user (replacing any pending one) and returns it for the mail. */
export async function issueOneTimeCode(db: Database, secret: string, userId: string, purpose: OneTimeCodePurpose, now: Date) {
  const code = generateCode();
  const hash = await hashCode(secret, userId, purpose, code);
  await storeOneTimeCode(db, userId, { hash, purpose, expiresAt: new Date(now.getTime() + CODE_TTL_MINUTES * 60_000), sentAt: now });
  return code;
}

const lockedError = () =>
  new ApiError("AUTH_OTP_LOCKED", `Too many wrong codes: this code no longer works. Ask for a new one.`, {
    max_attempts: MAX_CODE_ATTEMPTS,
  });

/**
 * Checks `code` against the user's pending code for `purpose` and returns the pending hash,
 * which the caller uses to consume the code in its own guarded update. Throws
 * AUTH_OTP_INVALID, AUTH_OTP_EXPIRED or AUTH_OTP_LOCKED.
 */
export async function checkOneTimeCode(
  db: Database,
  secret: string,
  user: User | undefined,
  purpose: OneTimeCodePurpose,
  code: string,
  now: Date,
): Promise<string> {
  if (!user?.otpHash || user.otpPurpose !== purpose || !user.otpExpiresAt) {
    throw new ApiError("AUTH_OTP_INVALID", "The code is not valid for this address");
  }
  if (user.otpAttempts >= MAX_CODE_ATTEMPTS) throw lockedError();
  if (user.otpExpiresAt.getTime() <= now.getTime()) {
    throw new ApiError("AUTH_OTP_EXPIRED", `The code has expired (codes last ${CODE_TTL_MINUTES} minutes). Ask for a new one.`);
  }
  const pendingHash = user.otpHash;
  // The attempt is spent before comparing, so parallel guesses cannot exceed the limit.
  const attemptsUsed = await spendCodeAttempt(db, user.id, pendingHash, MAX_CODE_ATTEMPTS);
  if (attemptsUsed === undefined) throw lockedError();
  const submitted = await hashCode(secret, user.id, purpose, code);
  if (constantTimeEqual(submitted, pendingHash)) return pendingHash;
  if (attemptsUsed >= MAX_CODE_ATTEMPTS) throw lockedError();
  throw new ApiError("AUTH_OTP_INVALID", "The code is not valid for this address", {
    attempts_left: MAX_CODE_ATTEMPTS - attemptsUsed,
  });
}
