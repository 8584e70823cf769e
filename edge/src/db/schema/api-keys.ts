import type { ApiKeyScope } from "@agensium/shared";
import { sql } from "drizzle-orm";
import { index, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";
import { jsonText } from "./json-text.js";

/**
 * API keys for pipelines: stored as SHA-256 hashes (a key is 32 random bytes, so a fast hash is
 * enough), shown once at creation. `prefix` is the first characters, kept to tell keys apart in
 * a list. A revoked key stays as a row so its last use can still be seen.
 */
export const apiKeys = mysqlTable(
  "api_keys",
  {
    id: idColumn("id").primaryKey(),
    userId: idColumn("user_id").notNull(),
    name: varchar("name", { length: 100 }).notNull(),
    prefix: varchar("prefix", { length: 20 }).notNull(),
    keyHash: varchar("key_hash", { length: 64 }).notNull(),
    scopes: jsonText<ApiKeyScope[]>("scopes").notNull(),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    lastUsedAt: timestamp("last_used_at"),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash), index("api_keys_user_idx").on(t.userId)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
