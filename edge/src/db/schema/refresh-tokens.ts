import { sql } from "drizzle-orm";
import { index, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";

/**
 * Rotating refresh tokens, stored as SHA-256 hashes. Every rotation stays in the same family;
 * presenting a token that was already rotated revokes the whole family (theft detection).
 */
export const refreshTokens = mysqlTable(
  "refresh_tokens",
  {
    id: idColumn("id").primaryKey(),
    userId: idColumn("user_id").notNull(),
    familyId: idColumn("family_id").notNull(),
    tokenHash: varchar("token_hash", { length: 64 }).notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    rotatedAt: timestamp("rotated_at"),
    revokedAt: timestamp("revoked_at"),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_unique").on(t.tokenHash),
    index("refresh_tokens_user_idx").on(t.userId),
    index("refresh_tokens_family_idx").on(t.familyId),
  ],
);

export type RefreshToken = typeof refreshTokens.$inferSelect;
