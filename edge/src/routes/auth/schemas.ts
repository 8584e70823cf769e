/** Request fields and responses the auth routes share. */
import { z } from "@hono/zod-openapi";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../auth/password.js";

export { errorResponses, jsonBody, sessionOnlyErrors } from "../openapi.js";

/** Addresses are compared trimmed and lower-cased. */
export const emailField = z.string().trim().toLowerCase().max(254).email().openapi({ example: "ada@example.com" });

export const passwordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`);

export const codeField = z
  .string()
  .regex(/^\d{6}$/, "The code is 6 digits")
  .openapi({ example: "042137" });

export const tokenPairSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ description: "Seconds until the access token expires" }),
  })
  .openapi("TokenPair");

export const acceptedSchema = z.object({ status: z.literal("accepted"), message: z.string() }).openapi("Accepted");
