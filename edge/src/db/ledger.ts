/**
 * The only code that changes a credit balance. Each change is one transaction that writes the
 * ledger row and moves the wallet with a guarded UPDATE (never below zero), so the balance is
 * always the sum of the ledger. An idempotency key (or a Stripe checkout session id) makes a
 * change happen at most once: the unique index refuses the second row and the whole
 * transaction rolls back.
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

/** Which way each kind of change may move a balance; a mistake here would silently mint or burn credits. */
const DIRECTION: Record<CreditTransactionType, "credit" | "debit" | "either"> = {
  PURCHASE: "credit",
  GRANT: "credit",
  REFUND: "credit",
  CONSUME: "debit",
  ADJUSTMENT: "either",
};

class InsufficientCredits extends Error {
  constructor(readonly available: number) {
    super("insufficient credits");
  }
}

const DUPLICATE_KEY = /Duplicate entry|ER_DUP_ENTRY|errno 1062/;
/** InnoDB may pick a transaction as a deadlock victim; it was rolled back whole, so running it again is safe. */
const RETRYABLE = /Deadlock found|ER_LOCK_DEADLOCK|errno 1213|Lock wait timeout|ER_LOCK_WAIT_TIMEOUT|errno 1205/;
const MAX_ATTEMPTS = 4;

/** drizzle wraps driver errors ("Failed query: …") with the database's own message in `cause`. */
function errorText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    parts.push(String((current as Error).message ?? current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(" | ");
}

export async function ensureWallet(db: Database, userId: string): Promise<void> {
  await db.insert(creditWallets).ignore().values({ userId, balanceCredits: 0 });
}

export async function walletBalance(db: Database, userId: string): Promise<number> {
  const [row] = await db.select({ balance: creditWallets.balanceCredits }).from(creditWallets).where(eq(creditWallets.userId, userId));
  return row ? Number(row.balance) : 0;
}

function validate(change: CreditChange): void {
  if (!Number.isSafeInteger(change.delta) || change.delta === 0) throw new Error("a credit change must be a non-zero integer");
  const direction = DIRECTION[change.type];
  if (!direction) throw new Error(`unknown credit transaction type ${String(change.type)}`);
  if (direction === "credit" && change.delta < 0) throw new Error(`a ${change.type} adds credits; its delta must be positive`);
  if (direction === "debit" && change.delta > 0) throw new Error(`a ${change.type} removes credits; its delta must be negative`);
  if (!change.userId) throw new Error("a credit change needs a user");
}

async function applyOnce(db: Database, change: CreditChange): Promise<CreditChangeResult> {
  const transactionId = ulid();
  const balance = await db.transaction(async (tx) => {
    // The ledger row first: a repeated idempotency key fails here, before the wallet row is locked.
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
    // The guard is evaluated on the locked, latest row, so concurrent debits serialise here.
    const guard =
      change.delta < 0
        ? and(eq(creditWallets.userId, change.userId), gte(creditWallets.balanceCredits, -change.delta))
        : eq(creditWallets.userId, change.userId);
    const updated = await tx
      .update(creditWallets)
      .set({ balanceCredits: sql`${creditWallets.balanceCredits} + ${change.delta}`, updatedAt: new Date() })
      .where(guard);
    const [row] = await tx
      .select({ balance: creditWallets.balanceCredits })
      .from(creditWallets)
      .where(eq(creditWallets.userId, change.userId));
    if (updated.rowsAffected !== 1) throw new InsufficientCredits(row ? Number(row.balance) : 0);
    return Number(row?.balance ?? 0);
  });
  return { status: "applied", transactionId, balance };
}

/**
 * Applies one change. Answers `duplicate` when its idempotency key or checkout session was
 * already used, and `insufficient` (writing nothing) when a debit would take the balance below
 * zero. Other failures (database down) throw.
 */
export async function applyCreditChange(db: Database, change: CreditChange): Promise<CreditChangeResult> {
  validate(change);
  await ensureWallet(db, change.userId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(db, change);
    } catch (err) {
      if (err instanceof InsufficientCredits) return { status: "insufficient", required: -change.delta, available: err.available };
      const text = errorText(err);
      if (DUPLICATE_KEY.test(text)) return { status: "duplicate" };
      if (attempt < MAX_ATTEMPTS && RETRYABLE.test(text)) continue;
      throw err;
    }
  }
}
