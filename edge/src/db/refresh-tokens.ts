/** Queries on refresh tokens. Tokens are looked up by their SHA-256 hash; the raw token is never stored. */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "./client.js";
import { type RefreshToken, refreshTokens } from "./schema/index.js";

export async function insertRefreshToken(
  db: Database,
  token: { id: string; userId: string; familyId: string; tokenHash: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(refreshTokens).values(token);
}

export async function findRefreshTokenByHash(db: Database, tokenHash: string): Promise<RefreshToken | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1);
  return row;
}

/** Marks a live token as used; false when it was already rotated or revoked (e.g. by a racing request). */
export async function markRefreshTokenRotated(db: Database, id: string, now: Date): Promise<boolean> {
  const result = await db
    .update(refreshTokens)
    .set({ rotatedAt: now })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)));
  return result.rowsAffected === 1;
}

/** Ends a sign-in session: every token of the family stops working. */
export async function revokeRefreshTokenFamily(db: Database, familyId: string, now: Date): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Ends every session of a user (logout everywhere, password reset). */
export async function revokeAllRefreshTokensOfUser(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
