import { sql } from "drizzle-orm";
import { bigint, mysqlTable } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";

/** One wallet per user; its balance always equals the sum of the user's ledger rows. */
export const creditWallets = mysqlTable("credit_wallets", {
  userId: idColumn("user_id").primaryKey(),
  balanceCredits: bigint("balance_credits", { mode: "number" }).notNull().default(0),
  createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  updatedAt: timestamp("updated_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});

export type CreditWallet = typeof creditWallets.$inferSelect;
