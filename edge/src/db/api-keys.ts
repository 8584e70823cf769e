/** Queries on API keys. Keys are looked up by their SHA-256 hash; the key itself is never stored. */
import type { ApiKeyScope } from "@agensium/shared";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Database } from "./client.js";
import { type ApiKey, apiKeys, users } from "./schema/index.js";

/** A user may hold this many live keys; enough for every pipeline, few enough to review. */
export const MAX_LIVE_KEYS = 50;
/** last_used_at is written at most this often per key, so busy pipelines do not write on every call. */
const LAST_USED_GRANULARITY_MS = 60_000;

export async function insertApiKey(
  db: Database,
  key: { id: string; userId: string; name: string; prefix: string; keyHash: string; scopes: ApiKeyScope[] },
): Promise<void> {
  await db.insert(apiKeys).values(key);
}

export async function countLiveApiKeys(db: Database, userId: string): Promise<number> {
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .limit(MAX_LIVE_KEYS + 1);
  return rows.length;
}

export async function listApiKeys(db: Database, userId: string): Promise<ApiKey[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.id)).limit(200);
}

/** What the key check reads of a live key and its owner; a query that joins api_keys can select the same. */
export const liveKeyColumns = {
  id: apiKeys.id,
  scopes: apiKeys.scopes,
  lastUsedAt: apiKeys.lastUsedAt,
  user: { id: users.id, email: users.email, fullName: users.fullName, isActive: users.isActive, isVerified: users.isVerified },
};

export type LiveApiKey = {
  id: string;
  scopes: ApiKeyScope[];
  lastUsedAt: Date | null;
  user: { id: string; email: string; fullName: string; isActive: boolean; isVerified: boolean };
};

/** The live key with this hash and its owner, in one round trip. */
export async function findLiveApiKey(db: Database, keyHash: string): Promise<LiveApiKey | undefined> {
  const [row] = await db
    .select(liveKeyColumns)
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row;
}

/** Revokes the user's key; false when there is no such live key of theirs. */
export async function revokeApiKey(db: Database, userId: string, id: string, now: Date): Promise<boolean> {
  const result = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  return result.rowsAffected === 1;
}

export async function touchApiKey(db: Database, id: string, now: Date): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_GRANULARITY_MS)))),
    );
}

export function lastUsedIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS;
}
