import { newId } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { sendCodeMail } from "../../auth/code-mail.js";
import { hashPassword } from "../../auth/password.js";
import { grantSignupCredits } from "../../auth/signup-grant.js";
import type { AppEnv } from "../../context.js";
import { ensureWallet } from "../../db/ledger.js";
import { findUserByEmail, insertUser } from "../../db/users.js";
import { ApiError } from "../../errors.js";
import { createMailer } from "../../services/mail.js";
import { emailField, errorResponses, jsonBody, passwordField } from "./schemas.js";

const signupBody = z
  .object({
    email: emailField,
    password: passwordField,
    full_name: z.string().trim().min(1, "Tell us your name").max(100),
  })
  .strict();

const createdUser = z
  .object({
    id: z.string(),
    email: z.string(),
    full_name: z.string(),
    is_verified: z.boolean(),
    created_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("NewUser");

export const signupRoute = createRoute({
  method: "post",
  path: "/auth/signup",
  operationId: "signUp",
  security: [],
  tags: ["auth"],
  summary: "Create an account; a 6-digit code is mailed to verify the address",
  request: { body: jsonBody(signupBody) },
  responses: {
    201: { description: "Account created, not yet verified", content: { "application/json": { schema: createdUser } } },
    ...errorResponses({ 400: "VALIDATION_ERROR", 409: "AUTH_EMAIL_TAKEN", 503: "The code mail could not be sent" }),
  },
});

export const signupHandler: RouteHandler<typeof signupRoute, AppEnv> = async (c) => {
  const { db, config } = c.var;
  const { email, password, full_name: fullName } = c.req.valid("json");
  const mailer = createMailer(config, db);
  const now = new Date();
  if (await findUserByEmail(db, email)) throw new ApiError("AUTH_EMAIL_TAKEN", "An account with this email address already exists");

  const id = newId("user");
  const created = await insertUser(db, { id, email, fullName, passwordHash: await hashPassword(password), createdAt: now, updatedAt: now });
  if (!created) throw new ApiError("AUTH_EMAIL_TAKEN", "An account with this email address already exists");

  await ensureWallet(db, id);
  await grantSignupCredits(db, id, config.SIGNUP_GRANT_CREDITS);

  // The signup mail does not take the resend slot: a resend right after it answers 202 as it
  // would for an address without an account (a 429 here would tell that the address just signed up).
  try {
    await sendCodeMail(db, config, mailer, { id, email, fullName }, "verify", now);
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "verification mail failed", error: (err as Error).message, user_id: id }));
    throw new ApiError(
      "SERVICE_UNAVAILABLE",
      "Your account was created, but the verification email could not be sent. Ask for a new code in a minute.",
      { user_id: id },
    );
  }
  return c.json({ id, email, full_name: fullName, is_verified: false, created_at: now.toISOString() }, 201);
};
