import { sql } from "drizzle-orm";
import { bigint, index, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
import { timestamp } from "./columns.js";

/**
 * Mail "sent" in development, where no provider is configured: GET /__dev/mail reads it back.
 * Kept in the database because workerd isolates do not share memory. Nothing writes or reads
 * this table unless ENVIRONMENT=development.
 */
export const devMailOutbox = mysqlTable(
  "dev_mail_outbox",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    recipient: varchar("recipient", { length: 255 }).notNull(),
    subject: varchar("subject", { length: 255 }).notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index("dev_mail_outbox_recipient_idx").on(t.recipient, t.id)],
);

export type DevMail = typeof devMailOutbox.$inferSelect;
