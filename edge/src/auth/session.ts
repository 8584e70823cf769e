/**
 * Sign-in sessions: a short-lived access token plus a rotating refresh token. Each refresh
 * replaces the token with a new one in the same family; presenting a token that was already
 * replaced means it was copied, so the whole family is revoked (the thief's and the owner's).
 */
import { newId } from "@agensium/shared";
import type { Database } from "../db/client.js";
import {
  findRefreshTokenByHash,
  insertRefreshToken,
  markRefreshTokenRotated,
  revokeAllRefreshTokensOfUser,
  revokeRefreshTokenFamily,
} from "../db/refresh-tokens.js";
import { findUserById, raiseTokenGeneration } from "../db/users.js";
import type { Config } from "../env.js";
import { ApiError } from "../errors.js";
import { issueAccessToken } from "./access-token.js";
import { randomToken, sha256Hex } from "./crypto.js";

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
}

/** The user a session is issued to: the id and the token generation the access token carries. */
export interface SessionUser {
  id: string;
  tokenGeneration: number;
}

async function issuePair(db: Database, config: Config, user: SessionUser, familyId: string, now: Date): Promise<TokenPair> {
  const userId = user.id;
  const refreshToken = randomToken(32);
  await insertRefreshToken(db, {
    id: newId("refreshToken"),
    userId,
    familyId,
    tokenHash: await sha256Hex(refreshToken),
    createdAt: now,
    expiresAt: new Date(now.getTime() + config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
  });
  const access = await issueAccessToken(config.JWT_SECRET, userId, config.ACCESS_TOKEN_TTL_SECONDS, now.getTime(), user.tokenGeneration);
  return { access_token: access.token, refresh_token: refreshToken, token_type: "Bearer", expires_in: access.expiresIn };
}

/** A new session (new family) after login or email verification. */
export function startSession(db: Database, config: Config, user: SessionUser, now: Date): Promise<TokenPair> {
  return issuePair(db, config, user, newId("refreshToken"), now);
}

const refreshInvalid = () => new ApiError("AUTH_REFRESH_INVALID", "The refresh token is not valid; sign in again");

/** Exchanges a live refresh token for a new pair; any other token gets 401 AUTH_REFRESH_INVALID. */
export async function rotateSession(db: Database, config: Config, presented: string, now: Date): Promise<TokenPair> {
  const row = await findRefreshTokenByHash(db, await sha256Hex(presented));
  if (!row || row.revokedAt) throw refreshInvalid();
  if (row.rotatedAt) {
    await revokeRefreshTokenFamily(db, row.familyId, now);
    throw refreshInvalid();
  }
  if (row.expiresAt.getTime() <= now.getTime()) throw refreshInvalid();
  // Two requests racing with one token: only one rotates it; the other is treated as reuse.
  if (!(await markRefreshTokenRotated(db, row.id, now))) {
    await revokeRefreshTokenFamily(db, row.familyId, now);
    throw refreshInvalid();
  }
  const user = await findUserById(db, row.userId);
  if (!user) throw refreshInvalid();
  if (!user.isActive) {
    await revokeRefreshTokenFamily(db, row.familyId, now);
    throw new ApiError("AUTH_ACCOUNT_DISABLED", "This account is disabled");
  }
  return issuePair(db, config, user, row.familyId, now);
}

/**
 * Ends the session `presented` belongs to, when it is the user's; without a token, ends every
 * session of the user. A token that is unknown or someone else's changes nothing.
 */
export async function endSession(db: Database, userId: string, presented: string | undefined, now: Date): Promise<void> {
  if (presented === undefined) {
    await endAllSessions(db, userId, now);
    return;
  }
  const row = await findRefreshTokenByHash(db, await sha256Hex(presented));
  if (row && row.userId === userId) await revokeRefreshTokenFamily(db, row.familyId, now);
}

/**
 * Ends every session of the user at once: the refresh tokens are revoked and the token
 * generation is raised, so every access token issued so far is refused on its next use.
 */
export async function endAllSessions(db: Database, userId: string, now: Date): Promise<void> {
  await raiseTokenGeneration(db, userId);
  await revokeAllRefreshTokensOfUser(db, userId, now);
}
