import type { WebhookEventType } from "@agensium/shared";
import { sql } from "drizzle-orm";
import { boolean, index, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";
import { jsonText } from "./json-text.js";

/**
 * Where a user wants to hear that a task ended. The signing secret is kept encrypted
 * (AES-GCM under WEBHOOK_SECRETS_KEY, see services/webhooks/secret-box.ts), not hashed: the
 * edge must compute an HMAC with it on every delivery, so it has to be recoverable.
 */
export const webhookEndpoints = mysqlTable(
  "webhook_endpoints",
  {
    id: idColumn("id").primaryKey(),
    userId: idColumn("user_id").notNull(),
    url: varchar("url", { length: 2048 }).notNull(),
    description: varchar("description", { length: 200 }),
    events: jsonText<WebhookEventType[]>("events").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    secretCiphertext: varchar("secret_ciphertext", { length: 255 }).notNull(),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestamp("updated_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    secretRotatedAt: timestamp("secret_rotated_at"),
  },
  (t) => [index("webhook_endpoints_user_idx").on(t.userId, t.id)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
