import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { mailCodeIfEligible } from "../../auth/code-mail.js";
import { takeCodeMailSlot } from "../../auth/throttles.js";
import type { AppEnv } from "../../context.js";
import { acceptedSchema, emailField, errorResponses, jsonBody } from "./schemas.js";

const forgotBody = z.object({ email: emailField }).strict();

export const forgotPasswordRoute = createRoute({
  method: "post",
  path: "/auth/forgot-password",
  operationId: "forgotPassword",
  security: [],
  tags: ["auth"],
  summary: "Mail a password reset code; the same answer whether or not the address has an account",
  request: { body: jsonBody(forgotBody) },
  responses: {
    202: { description: "A code is on its way if the address has an account", content: { "application/json": { schema: acceptedSchema } } },
    ...errorResponses({ 400: "VALIDATION_ERROR", 429: "RATE_LIMITED: one code a minute per address (Retry-After)" }),
  },
});

export const forgotPasswordHandler: RouteHandler<typeof forgotPasswordRoute, AppEnv> = async (c) => {
  const { db, config } = c.var;
  const { email } = c.req.valid("json");
  const now = new Date();
  // The throttle counts any address alike; the lookup and the mail happen after the answer.
  await takeCodeMailSlot(db, "reset", email, now);
  c.executionCtx.waitUntil(mailCodeIfEligible(db, config, "reset", email, (user) => user.isActive, now));
  return c.json({ status: "accepted" as const, message: "If this address has an account, a reset code is on its way" }, 202);
};
