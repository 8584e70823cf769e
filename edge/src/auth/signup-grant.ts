import type { Database } from "../db/client.js";
import { applyCreditChange } from "../db/ledger.js";

/**
 * The welcome credits a new account gets, as a GRANT ledger row. The idempotency key makes it
 * happen once per account however often it is called, so verification repeats it safely in
 * case the write at signup failed.
 */
export async function grantSignupCredits(db: Database, userId: string, credits: number): Promise<void> {
  if (credits <= 0) return;
  await applyCreditChange(db, {
    userId,
    delta: credits,
    type: "GRANT",
    reason: "Welcome credits for a new account",
    idempotencyKey: `grant:signup:${userId}`,
  });
}
