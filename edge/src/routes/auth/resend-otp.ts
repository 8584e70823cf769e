import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { sendCodeMail } from "../../auth/code-mail.js";
import { takeCodeMailSlot } from "../../auth/throttles.js";
import type { AppEnv } from "../../context.js";
import { findUserByEmail } from "../../db/users.js";
import { createMailer } from "../../services/mail.js";
import { acceptedSchema, emailField, errorResponses, jsonBody } from "./schemas.js";

const resendBody = z.object({ email: emailField }).strict();

export const resendOtpRoute = createRoute({
  method: "post",
  path: "/auth/resend-otp",
  tags: ["auth"],
  summary: "Mail a new verification code; the same answer whether or not the address has an account",
  request: { body: jsonBody(resendBody) },
  responses: {
    202: {
      description: "A code is on its way if the address awaits verification",
      content: { "application/json": { schema: acceptedSchema } },
    },
    ...errorResponses({ 400: "VALIDATION_ERROR", 429: "RATE_LIMITED: one code a minute per address (Retry-After)" }),
  },
});

export const resendOtpHandler: RouteHandler<typeof resendOtpRoute, AppEnv> = async (c) => {
  const { db, config } = c.var;
  const { email } = c.req.valid("json");
  const mailer = createMailer(config, db);
  const now = new Date();
  await takeCodeMailSlot(db, "verify", email, now);
  const user = await findUserByEmail(db, email);
  if (user?.isActive && !user.isVerified) {
    try {
      await sendCodeMail(db, config, mailer, user, "verify", now);
    } catch (err) {
      // Answering differently would tell which addresses have accounts; the log keeps the failure.
      console.error(JSON.stringify({ level: "error", msg: "verification mail failed", error: (err as Error).message, user_id: user.id }));
    }
  }
  return c.json({ status: "accepted" as const, message: "If this address is waiting for verification, a new code is on its way" }, 202);
};
