import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { verifyPassword } from "../../auth/password.js";
import { startSession } from "../../auth/session.js";
import { clearFailedLogins, takeLoginAttempt } from "../../auth/throttles.js";
import type { AppEnv } from "../../context.js";
import { findUserByEmail } from "../../db/users.js";
import { ApiError } from "../../errors.js";
import { emailField, errorResponses, jsonBody, tokenPairSchema } from "./schemas.js";

// Only the length limit: a password set under older rules must still be able to sign in.
const loginBody = z.object({ email: emailField, password: z.string().min(1).max(1_000) }).strict();

export const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  operationId: "logIn",
  security: [],
  tags: ["auth"],
  summary: "Sign in with email and password",
  request: { body: jsonBody(loginBody) },
  responses: {
    200: { description: "Signed in", content: { "application/json": { schema: tokenPairSchema } } },
    ...errorResponses({
      400: "VALIDATION_ERROR",
      401: "AUTH_INVALID_CREDENTIALS, for an unknown address and a wrong password alike",
      403: "AUTH_NOT_VERIFIED or AUTH_ACCOUNT_DISABLED",
      429: "RATE_LIMITED: too many failed attempts for this address (Retry-After)",
    }),
  },
});

export const loginHandler: RouteHandler<typeof loginRoute, AppEnv> = async (c) => {
  const { db, config } = c.var;
  const { email, password } = c.req.valid("json");
  const now = new Date();
  await takeLoginAttempt(db, email, now);
  const user = await findUserByEmail(db, email);
  if (!(await verifyPassword(password, user?.passwordHash))) {
    throw new ApiError("AUTH_INVALID_CREDENTIALS", "The email address or the password is wrong");
  }
  if (!user) throw new ApiError("AUTH_INVALID_CREDENTIALS", "The email address or the password is wrong");
  await clearFailedLogins(db, email);
  if (!user.isActive) throw new ApiError("AUTH_ACCOUNT_DISABLED", "This account is disabled");
  if (!user.isVerified) throw new ApiError("AUTH_NOT_VERIFIED", "Verify your email address first: enter the code we mailed you");
  return c.json(await startSession(db, config, user, now), 200);
};
