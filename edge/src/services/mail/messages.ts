/** The texts of the mails the service sends. */
import { CODE_TTL_MINUTES } from "../../auth/one-time-code.js";
import type { MailMessage } from "../mail.js";

export function verificationCodeMail(to: string, fullName: string, code: string): MailMessage {
  return {
    to,
    subject: `${code} is your Agensium verification code`,
    text: [
      `Hello ${fullName},`,
      "",
      `Your Agensium verification code is ${code}.`,
      `It expires in ${CODE_TTL_MINUTES} minutes. If you did not create an account, ignore this email.`,
    ].join("\n"),
  };
}

export function passwordResetCodeMail(to: string, fullName: string, code: string): MailMessage {
  return {
    to,
    subject: `${code} is your Agensium password reset code`,
    text: [
      `Hello ${fullName},`,
      "",
      `Your Agensium password reset code is ${code}.`,
      `It expires in ${CODE_TTL_MINUTES} minutes. If you did not ask to reset your password, ignore this email: your password stays as it is.`,
    ].join("\n"),
  };
}
