/** Queries on users: accounts, passwords and the one pending one-time code per user. */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { type NewUser, type User, users } from "./schema/index.js";

/** What the access-token check reads of the user row (auth/require-user.ts); a query that joins users can select the same. */
export const tokenCheckColumns = {
  id: users.id,
  email: users.email,
  fullName: users.fullName,
  isActive: users.isActive,
  isVerified: users.isVerified,
  tokenGeneration: users.tokenGeneration,
};

function prepareTokenUserRead(db: Database) {
  return db
    .select(tokenCheckColumns)
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .limit(1)
    .prepare();
}

/** Prepared once per database client (itself built once per isolate): every authenticated request reads this row. */
const tokenUserReads = new WeakMap<Database, ReturnType<typeof prepareTokenUserRead>>();

/** The user row an access token names, as the token check reads it. */
export async function findTokenUser(db: Database, id: string) {
  let read = tokenUserReads.get(db);
  if (!read) {
    read = prepareTokenUserRead(db);
    tokenUserReads.set(db, read);
  }
  const [row] = await read.execute({ id });
  return row;
}

export type OneTimeCodePurpose = "verify" | "reset";

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function findUserById(db: Database, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

const DUPLICATE_KEY = /Duplicate entry|ER_DUP_ENTRY|errno 1062/;

/** drizzle wraps driver errors ("Failed query: …"); the database's own message is further down `cause`. */
function isDuplicateKey(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    if (DUPLICATE_KEY.test(String((current as Error).message ?? current))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Inserts the account; false when the address is already taken (also when two signups race). */
export async function insertUser(db: Database, user: NewUser): Promise<boolean> {
  try {
    await db.insert(users).values(user);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Replaces any pending code with a new one (fresh expiry, no attempts used). */
export async function storeOneTimeCode(
  db: Database,
  userId: string,
  code: { hash: string; purpose: OneTimeCodePurpose; expiresAt: Date; sentAt: Date },
): Promise<void> {
  await db
    .update(users)
    .set({
      otpHash: code.hash,
      otpPurpose: code.purpose,
      otpExpiresAt: code.expiresAt,
      otpAttempts: 0,
      otpSentAt: code.sentAt,
      updatedAt: code.sentAt,
    })
    .where(eq(users.id, userId));
}

/**
 * Spends one attempt on the pending code before it is compared, so parallel guesses cannot
 * exceed the limit. Returns the attempts used including this one (exact even under parallel
 * requests: the row is locked), or undefined when the code changed meanwhile or has no
 * attempts left.
 */
export async function spendCodeAttempt(
  db: Database,
  userId: string,
  pendingHash: string,
  maxAttempts: number,
): Promise<number | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ otpHash: users.otpHash, attempts: users.otpAttempts })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!row || row.otpHash !== pendingHash || row.attempts >= maxAttempts) return undefined;
    await tx
      .update(users)
      .set({ otpAttempts: row.attempts + 1 })
      .where(eq(users.id, userId));
    return row.attempts + 1;
  });
}

/** Marks the address verified and uses up the code; false if the code was used concurrently. */
export async function verifyEmailWithCode(db: Database, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ isVerified: true, otpHash: null, otpPurpose: null, otpExpiresAt: null, otpAttempts: 0, updatedAt: now })
    .where(and(eq(users.id, userId), eq(users.otpHash, codeHash)));
  return result.rowsAffected === 1;
}

/**
 * Sets a new password and uses up the code. Receiving the code proves the mailbox, so the
 * address counts as verified afterwards.
 */
export async function resetPasswordWithCode(
  db: Database,
  userId: string,
  codeHash: string,
  passwordHash: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ passwordHash, isVerified: true, otpHash: null, otpPurpose: null, otpExpiresAt: null, otpAttempts: 0, updatedAt: now })
    .where(and(eq(users.id, userId), eq(users.otpHash, codeHash)));
  return result.rowsAffected === 1;
}

/** One more than before, in one statement, so parallel sign-outs never lose a raise. */
export async function raiseTokenGeneration(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ tokenGeneration: sql`${users.tokenGeneration} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}
