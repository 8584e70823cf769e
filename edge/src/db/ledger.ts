/**
 * The only code that changes a credit balance. Each change is one transaction that writes the
 * ledger row and moves the wallet with a guarded UPDATE (never below zero), so the balance is
 * always the sum of the ledger. An idempotency key makes a change happen at most once.
 */
import { ulid } from "@agensium/shared";
import { and, eq, gte, sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { type CreditTransactionType, creditTransactions, creditWallets } from "./schema/index.js";

export interface CreditChange {
  userId: string;
  delta: number;
  type: CreditTransactionType;
  reason: string;
  agentId?: string;
  toolId?: string;
  taskId?: string;
  idempotencyKey?: string;
  stripeCheckoutSessionId?: string;
  stripePaymentIntentId?: string;
}

export type CreditChangeResult =
  | { status: "applied"; transactionId: string; balance: number }
  | { status: "duplicate" }
  | { status: "insufficient"; required: number; available: number };

class InsufficientCredits extends Error {
  constructor(readonly available: number) {
    super("insufficient credits");
  }
}

const DUPLICATE_KEY = /Duplicate entry|ER_DUP_ENTRY|errno 1062/;

export async function ensureWallet(db: Database, userId: string): Promise<void> {
  await db.insert(creditWallets).ignore().values({ userId, balanceCredits: 0 });
}

export async function walletBalance(db: Database, userId: string): Promise<number> {
  const [row] = await db.select({ balance: creditWallets.balanceCredits }).from(creditWallets).where(eq(creditWallets.userId, userId));
  return row ? Number(row.balance) : 0;
}

export async function applyCreditChange(db: Database, change: CreditChange): Promise<CreditChangeResult> {
  if (!Number.isInteger(change.delta) || change.delta === 0) throw new Error("a credit change must be a non-zero integer");
  await ensureWallet(db, change.userId);
  const transactionId = ulid();
  try {
    const balance = await db.transaction(async (tx) => {
      await tx.insert(creditTransactions).values({
        id: transactionId,
        userId: change.userId,
        deltaCredits: change.delta,
        type: change.type,
        reason: change.reason.slice(0, 500),
        agentId: change.agentId,
        toolId: change.toolId,
        taskId: change.taskId,
        idempotencyKey: change.idempotencyKey,
        stripeCheckoutSessionId: change.stripeCheckoutSessionId,
        stripePaymentIntentId: change.stripePaymentIntentId,
      });
      const guard =
        change.delta < 0
          ? and(eq(creditWallets.userId, change.userId), gte(creditWallets.balanceCredits, -change.delta))
          : eq(creditWallets.userId, change.userId);
      const updated = await tx
        .update(creditWallets)
        .set({ balanceCredits: sql`${creditWallets.balanceCredits} + ${change.delta}`, updatedAt: new Date() })
        .where(guard);
      if (updated.rowsAffected !== 1) {
        const [row] = await tx
          .select({ balance: creditWallets.balanceCredits })
          .from(creditWallets)
          .where(eq(creditWallets.userId, change.userId));
        throw new InsufficientCredits(row ? Number(row.balance) : 0);
      }
      const [row] = await tx
        .select({ balance: creditWallets.balanceCredits })
        .from(creditWallets)
        .where(eq(creditWallets.userId, change.userId));
      return Number(row?.balance ?? 0);
    });
    return { status: "applied", transactionId, balance };
  } catch (err) {
    if (err instanceof InsufficientCredits) return { status: "insufficient", required: -change.delta, available: err.available };
    if (DUPLICATE_KEY.test(String((err as Error).message))) return { status: "duplicate" };
    throw err;
  }
}
