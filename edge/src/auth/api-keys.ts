/**
 * API keys as credentials: `agk_live_` + 32 random bytes (base64url). A route that accepts keys
 * names the scope it needs; every other route refuses them, so a leaked pipeline key can read or
 * run tasks but never sign in, change the account or buy credits. Each key has its own rate limit.
 */
import { API_KEY_PREFIX, type ApiKeyScope } from "@agensium/shared";
import type { Context } from "hono";
import type { AppEnv, CurrentUser } from "../context.js";
import { findLiveApiKey, type LiveApiKey, lastUsedIsStale, touchApiKey } from "../db/api-keys.js";
import { takeRateLimitSlot } from "../db/rate-limits.js";
import { ApiError } from "../errors.js";
import { randomToken, sha256Hex } from "./crypto.js";

/** Characters of the key kept in the clear for lists: the prefix and 6 random ones. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export const isApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

export async function generateApiKey(): Promise<{ key: string; prefix: string; keyHash: string }> {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  return { key, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: await sha256Hex(key) };
}

export async function userFromApiKey(c: Context<AppEnv>, key: string, scope: ApiKeyScope | undefined): Promise<CurrentUser> {
  if (!scope) throw new ApiError("AUTH_API_KEY_NOT_ALLOWED", "API keys cannot be used here: sign in with your account");
  return acceptApiKey(c, await findLiveApiKey(c.var.db, await apiKeyHash(key)), scope);
}

/** How a key is looked up: its SHA-256, never the key itself. */
export const apiKeyHash = (key: string) => sha256Hex(key);

/**
 * Checks the live key row a lookup found (by whichever query the route makes): unknown or revoked,
 * owner disabled or unverified, scope, then the key's rate limit; records its use and sets c.var.apiKeyId.
 */
export async function acceptApiKey(c: Context<AppEnv>, row: LiveApiKey | undefined, scope: ApiKeyScope): Promise<CurrentUser> {
  const { db, config } = c.var;
  if (!row) throw new ApiError("AUTH_INVALID_TOKEN", "The API key is not valid (unknown or revoked)");
  if (!row.user.isActive) throw new ApiError("AUTH_ACCOUNT_DISABLED", "This account is disabled");
  if (!row.user.isVerified) throw new ApiError("AUTH_NOT_VERIFIED", "Verify your email address first");
  if (!row.scopes.includes(scope)) {
    throw new ApiError("AUTH_SCOPE_FORBIDDEN", `This API key lacks the ${scope} scope`, { required_scope: scope, key_scopes: row.scopes });
  }
  const now = new Date();
  const slot = await takeRateLimitSlot(db, `apikey:${row.id}`, config.API_KEY_RATE_LIMIT_PER_MINUTE, 60_000, now);
  if (!slot.allowed) {
    throw new ApiError(
      "RATE_LIMITED",
      "This API key made too many requests; wait and retry",
      { retry_after_seconds: slot.retryAfterSeconds },
      { "Retry-After": String(slot.retryAfterSeconds) },
    );
  }
  if (lastUsedIsStale(row.lastUsedAt, now)) await touchApiKey(db, row.id, now);
  c.set("apiKeyId", row.id);
  return { id: row.user.id, email: row.user.email, fullName: row.user.fullName };
}
