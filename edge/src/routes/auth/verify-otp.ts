import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { checkOneTimeCode } from "../../auth/one-time-code.js";
import { startSession } from "../../auth/session.js";
import { grantSignupCredits } from "../../auth/signup-grant.js";
import type { AppEnv } from "../../context.js";
import { findUserByEmail, verifyEmailWithCode } from "../../db/users.js";
import { ApiError } from "../../errors.js";
import { codeField, emailField, errorResponses, jsonBody, tokenPairSchema } from "./schemas.js";

const verifyBody = z.object({ email: emailField, code: codeField }).strict();

export const verifyOtpRoute = createRoute({
  method: "post",
  path: "/auth/verify-otp",
  operationId: "verifyOtp",
  security: [],
  tags: ["auth"],
  summary: "Verify the address with the mailed code; signs the user in",
  request: { body: jsonBody(verifyBody) },
  responses: {
    200: { description: "Verified and signed in", content: { "application/json": { schema: tokenPairSchema } } },
    ...errorResponses({
      400: "VALIDATION_ERROR, AUTH_OTP_INVALID or AUTH_OTP_EXPIRED",
      403: "AUTH_ACCOUNT_DISABLED",
      429: "AUTH_OTP_LOCKED after 5 wrong codes",
    }),
  },
});

export const verifyOtpHandler: RouteHandler<typeof verifyOtpRoute, AppEnv> = async (c) => {
  const { db, config } = c.var;
  const { email, code } = c.req.valid("json");
  const now = new Date();
  const user = await findUserByEmail(db, email);
  const pendingHash = await checkOneTimeCode(db, config.JWT_SECRET, user, "verify", code, now);
  if (!user?.isActive) throw new ApiError("AUTH_ACCOUNT_DISABLED", "This account is disabled");
  if (!(await verifyEmailWithCode(db, user.id, pendingHash, now))) {
    throw new ApiError("AUTH_OTP_INVALID", "The code was already used; ask for a new one");
  }
  await grantSignupCredits(db, user.id, config.SIGNUP_GRANT_CREDITS);
  return c.json(await startSession(db, config, user, now), 200);
};
