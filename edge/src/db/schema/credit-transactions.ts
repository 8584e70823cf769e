import { sql } from "drizzle-orm";
import { bigint, index, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";

export const CREDIT_TRANSACTION_TYPES = ["PURCHASE", "CONSUME", "REFUND", "ADJUSTMENT", "GRANT"] as const;
export type CreditTransactionType = (typeof CREDIT_TRANSACTION_TYPES)[number];

/** The ledger. `id` is a bare ULID so rows sort by time; keyset pages walk it. */
export const creditTransactions = mysqlTable(
  "credit_transactions",
  {
    id: varchar("id", { length: 26 }).primaryKey(),
    userId: idColumn("user_id").notNull(),
    deltaCredits: bigint("delta_credits", { mode: "number" }).notNull(),
    type: varchar("type", { length: 20 }).$type<CreditTransactionType>().notNull(),
    reason: varchar("reason", { length: 500 }).notNull(),
    agentId: varchar("agent_id", { length: 100 }),
    toolId: varchar("tool_id", { length: 100 }),
    taskId: idColumn("task_id"),
    /** Makes a write happen once: `consume:{task}:{agent}`, `refund:{task}:{agent}`, `grant:signup:{user}`. */
    idempotencyKey: varchar("idempotency_key", { length: 191 }),
    stripeCheckoutSessionId: varchar("stripe_checkout_session_id", { length: 255 }),
    stripePaymentIntentId: varchar("stripe_payment_intent_id", { length: 255 }),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex("credit_transactions_idempotency_unique").on(t.idempotencyKey),
    uniqueIndex("credit_transactions_checkout_unique").on(t.stripeCheckoutSessionId),
    index("credit_transactions_user_idx").on(t.userId, t.id),
    index("credit_transactions_task_idx").on(t.taskId),
    index("credit_transactions_payment_intent_idx").on(t.stripePaymentIntentId),
  ],
);

export type CreditTransaction = typeof creditTransactions.$inferSelect;
export type NewCreditTransaction = typeof creditTransactions.$inferInsert;
