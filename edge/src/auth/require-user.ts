import type { ApiKeyScope } from "@agensium/shared";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv, CurrentUser } from "../context.js";
import { users } from "../db/schema/index.js";
import { ApiError } from "../errors.js";
import { verifyAccessToken } from "./access-token.js";
import { isApiKey, userFromApiKey } from "./api-keys.js";

/**
 * The current active, verified user, from the bearer token. Every authenticated route calls
 * this first, so what a route needs is visible at the route. A route that names an API key
 * scope also accepts a key with that scope; without one, keys are refused.
 */
export async function requireUser(c: Context<AppEnv>, keyScope?: ApiKeyScope): Promise<CurrentUser> {
  const existing = c.get("user");
  if (existing) return existing;
  const header = c.req.header("authorization");
  if (!header) throw new ApiError("AUTH_REQUIRED", "Sign in: this endpoint needs a bearer token");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError("AUTH_INVALID_TOKEN", "The Authorization header must be `Bearer <token>`");
  if (isApiKey(match[1])) {
    const keyUser = await userFromApiKey(c, match[1], keyScope);
    c.set("user", keyUser);
    return keyUser;
  }
  const userId = await verifyAccessToken(c.var.config.JWT_SECRET, match[1]);
  const [row] = await c.var.db
    .select({ id: users.id, email: users.email, fullName: users.fullName, isActive: users.isActive, isVerified: users.isVerified })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new ApiError("AUTH_INVALID_TOKEN", "The access token names no user");
  if (!row.isActive) throw new ApiError("AUTH_ACCOUNT_DISABLED", "This account is disabled");
  if (!row.isVerified) throw new ApiError("AUTH_NOT_VERIFIED", "Verify your email address first");
  const user = { id: row.id, email: row.email, fullName: row.fullName };
  c.set("user", user);
  return user;
}
