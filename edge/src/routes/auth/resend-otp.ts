import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { mailCodeIfEligible } from "../../auth/code-mail.js";
import { takeCodeMailSlot } from "../../auth/throttles.js";
import type { AppEnv } from "../../context.js";
import { acceptedSchema, emailField, errorResponses, jsonBody } from "./schemas.js";

const resendBody = z.object({ email: emailField }).strict();

export const resendOtpRoute = createRoute({
  method: "post",
  path: "/auth/resend-otp",
  operationId: "resendOtp",
  security: [],
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
  const now = new Date();
  // The throttle counts any address alike; the lookup and the mail happen after the answer.
  await takeCodeMailSlot(db, "verify", email, now);
  c.executionCtx.waitUntil(mailCodeIfEligible(db, config, "verify", email, (user) => user.isActive && !user.isVerified, now));
  return c.json({ status: "accepted" as const, message: "If this address is waiting for verification, a new code is on its way" }, 202);
};
