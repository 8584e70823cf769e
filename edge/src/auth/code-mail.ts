import type { Database } from "../db/client.js";
import type { OneTimeCodePurpose } from "../db/users.js";
import type { Config } from "../env.js";
import { passwordResetCodeMail, verificationCodeMail } from "../services/mail/messages.js";
import type { Mailer } from "../services/mail.js";
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
