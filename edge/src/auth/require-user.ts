import type { ApiKeyScope } from "@agensium/shared";
import type { Context } from "hono";
import type { AppEnv, CurrentUser } from "../context.js";
import { findTokenUser } from "../db/users.js";
import { ApiError } from "../errors.js";
import { type AccessClaims, verifyAccessClaims } from "./access-token.js";
import { isApiKey, userFromApiKey } from "./api-keys.js";

/**
 * The current active, verified user, from the bearer token. Every authenticated route calls
 * this first, so what a route needs is visible at the route. A route that names an API key
 * scope also accepts a key with that scope; without one, keys are refused.
 */
export async function requireUser(c: Context<AppEnv>, keyScope?: ApiKeyScope): Promise<CurrentUser> {
  const existing = c.get("user");
  if (existing) return existing;
  const token = bearerToken(c);
  if (isApiKey(token)) {
    const keyUser = await userFromApiKey(c, token, keyScope);
    c.set("user", keyUser);
    return keyUser;
  }
  const claims = await verifyAccessClaims(c.var.config.JWT_SECRET, token);
  return acceptUser(c, claims, await findTokenUser(c.var.db, claims.userId));
}

export type TokenUserRow = { id: string; email: string; fullName: string; isActive: boolean; isVerified: boolean; tokenGeneration: number };

/** The bearer token as sent (an access token or an API key); AUTH_REQUIRED or AUTH_INVALID_TOKEN when there is none. */
export function bearerToken(c: Context<AppEnv>): string {
  const header = c.req.header("authorization");
  if (!header) throw new ApiError("AUTH_REQUIRED", "Sign in: this endpoint needs a bearer token");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError("AUTH_INVALID_TOKEN", "The Authorization header must be `Bearer <token>`");
  return match[1];
}

/** Checks the user row an access token names (read by whichever query the route makes) and sets c.var.user. */
export function acceptUser(c: Context<AppEnv>, claims: AccessClaims, row: TokenUserRow | undefined): CurrentUser {
  if (!row) throw new ApiError("AUTH_INVALID_TOKEN", "The access token names no user");
  // Issued before the user signed out everywhere or reset the password.
  if (claims.generation !== row.tokenGeneration) throw new ApiError("AUTH_INVALID_TOKEN", "This session has ended; sign in again");
  if (!row.isActive) throw new ApiError("AUTH_ACCOUNT_DISABLED", "This account is disabled");
  if (!row.isVerified) throw new ApiError("AUTH_NOT_VERIFIED", "Verify your email address first");
  const user = { id: row.id, email: row.email, fullName: row.fullName };
  c.set("user", user);
  return user;
}
