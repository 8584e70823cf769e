import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { checkOneTimeCode } from "../../auth/one-time-code.js";
import { hashPassword } from "../../auth/password.js";
import { endAllSessions } from "../../auth/session.js";
import { clearFailedLogins } from "../../auth/throttles.js";
import type { AppEnv } from "../../context.js";
import { findUserByEmail, resetPasswordWithCode } from "../../db/users.js";
import { ApiError } from "../../errors.js";
import { codeField, emailField, errorResponses, jsonBody, passwordField } from "./schemas.js";

const resetBody = z.object({ email: emailField, code: codeField, new_password: passwordField }).strict();

const resetDone = z.object({ status: z.literal("password_reset"), message: z.string() }).openapi("PasswordReset");

export const resetPasswordRoute = createRoute({
  method: "post",
  path: "/auth/reset-password",
  operationId: "resetPassword",
  security: [],
  tags: ["auth"],
  summary: "Set a new password with the mailed reset code; signs out every session",
  request: { body: jsonBody(resetBody) },
  responses: {
    200: { description: "Password changed", content: { "application/json": { schema: resetDone } } },
    ...errorResponses({
      400: "VALIDATION_ERROR, AUTH_OTP_INVALID or AUTH_OTP_EXPIRED",
      403: "AUTH_ACCOUNT_DISABLED",
      429: "AUTH_OTP_LOCKED after 5 wrong codes",
    }),
  },
});

export const resetPasswordHandler: RouteHandler<typeof resetPasswordRoute, AppEnv> = async (c) => {
  const { db, config } = c.var;
  const { email, code, new_password: newPassword } = c.req.valid("json");
  const now = new Date();
  const user = await findUserByEmail(db, email);
  const pendingHash = await checkOneTimeCode(db, config.JWT_SECRET, user, "reset", code, now);
  if (!user?.isActive) throw new ApiError("AUTH_ACCOUNT_DISABLED", "This account is disabled");
  if (!(await resetPasswordWithCode(db, user.id, pendingHash, await hashPassword(newPassword), now))) {
    throw new ApiError("AUTH_OTP_INVALID", "The code was already used; ask for a new one");
  }
  // Whoever knew the old password is signed out, and a lockout from guessing it is lifted.
  await endAllSessions(db, user.id, now);
  await clearFailedLogins(db, email);
  return c.json({ status: "password_reset" as const, message: "Your password was changed; sign in with the new one" }, 200);
};
