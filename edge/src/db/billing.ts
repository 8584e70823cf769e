/** Billing queries: ledger pages, agent costs, the Stripe customer of a user, and handled Stripe events. */
import { and, asc, desc, eq, isNull, lt, sum } from "drizzle-orm";
import type { Database } from "./client.js";
import { agentCosts, creditTransactions, stripeEvents, users } from "./schema/index.js";

export async function listTransactions(db: Database, userId: string, options: { limit: number; before?: string }) {
  const where = options.before
    ? and(eq(creditTransactions.userId, userId), lt(creditTransactions.id, options.before))
    : eq(creditTransactions.userId, userId);
  return db.select().from(creditTransactions).where(where).orderBy(desc(creditTransactions.id)).limit(options.limit);
}

export async function listAgentCosts(db: Database) {
  return db
    .select({ agentId: agentCosts.agentId, cost: agentCosts.cost, description: agentCosts.description })
    .from(agentCosts)
    .orderBy(asc(agentCosts.agentId));
}

export async function findBillingUser(db: Database, userId: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, fullName: users.fullName, stripeCustomerId: users.stripeCustomerId })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row;
}

/**
 * Keeps the first Stripe customer stored for a user; answers the one kept. Two checkouts racing
 * for a new user both reach here, and only one id wins.
 */
export async function keepStripeCustomerId(db: Database, userId: string, customerId: string): Promise<string> {
  await db
    .update(users)
    .set({ stripeCustomerId: customerId, updatedAt: new Date() })
    .where(and(eq(users.id, userId), isNull(users.stripeCustomerId)));
  const row = await findBillingUser(db, userId);
  return row?.stripeCustomerId ?? customerId;
}

export async function findPurchaseByPaymentIntent(db: Database, paymentIntentId: string) {
  const [row] = await db
    .select()
    .from(creditTransactions)
    .where(and(eq(creditTransactions.stripePaymentIntentId, paymentIntentId), eq(creditTransactions.type, "PURCHASE")))
    .limit(1);
  return row;
}

/** Credits already taken back for a payment's refunds (a positive number). */
export async function creditsRemovedForPaymentIntent(db: Database, paymentIntentId: string): Promise<number> {
  const [row] = await db
    .select({ total: sum(creditTransactions.deltaCredits) })
    .from(creditTransactions)
    .where(and(eq(creditTransactions.stripePaymentIntentId, paymentIntentId), eq(creditTransactions.type, "ADJUSTMENT")));
  return -Number(row?.total ?? 0);
}

export async function stripeEventHandled(db: Database, eventId: string): Promise<boolean> {
  const [row] = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, eventId)).limit(1);
  return row !== undefined;
}

export async function recordStripeEvent(db: Database, eventId: string, type: string): Promise<void> {
  await db
    .insert(stripeEvents)
    .ignore()
    .values({ id: eventId, type: type.slice(0, 100) });
}
