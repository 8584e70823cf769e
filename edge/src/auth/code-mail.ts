import type { Database } from "../db/client.js";
import type { User } from "../db/schema/index.js";
import { findUserByEmail, type OneTimeCodePurpose } from "../db/users.js";
import type { Config } from "../env.js";
import { passwordResetCodeMail, verificationCodeMail } from "../services/mail/messages.js";
import { createMailer, type Mailer } from "../services/mail.js";
import { issueOneTimeCode } from "./one-time-code.js";

/** Issues a fresh code for `purpose` (replacing any pending one) and mails it to the user. */
export async function sendCodeMail(
  db: Database,
  config: Config,
  mailer: Mailer,
  user: { id: string; email: string; fullName: string },
  purpose: OneTimeCodePurpose,
  now: Date,
): Promise<void> {
  const code = await issueOneTimeCode(db, config.JWT_SECRET, user.id, purpose, now);
  const message =
    purpose === "verify" ? verificationCodeMail(user.email, user.fullName, code) : passwordResetCodeMail(user.email, user.fullName, code);
  await mailer.send(message);
}

/**
 * For the routes that must answer alike whether or not an address has an account (forgot
 * password, resend code): looks the address up and mails a code when `eligible`, all after the
 * response (pass it to waitUntil), so the answer time does not depend on the account either.
 * Failures are logged, never answered.
 */
export async function mailCodeIfEligible(
  db: Database,
  config: Config,
  purpose: OneTimeCodePurpose,
  email: string,
  eligible: (user: User) => boolean,
  now: Date,
): Promise<void> {
  try {
    const user = await findUserByEmail(db, email);
    if (user && eligible(user)) await sendCodeMail(db, config, createMailer(config, db), user, purpose, now);
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: `${purpose} code mail failed`, error: (err as Error).message }));
  }
}
