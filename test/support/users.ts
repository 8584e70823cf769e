/**
 * A verified user with a wallet, written straight to the database, and an access token signed
 * with the worker's key. For tests of routes *behind* auth; the auth flow itself is tested
 * through the API in edge/test/auth.
 */
import { newId, ulid } from "@agensium/shared";
import { sign } from "hono/jwt";
import mysql from "mysql2/promise";
import { inject } from "vitest";
import { randomEmail } from "./http.js";

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

let pool: mysql.Pool | undefined;

/** A direct connection to the test database, for setting up state and checking what was written. */
export function testDb(): mysql.Pool {
  pool ??= mysql.createPool({ uri: inject("databaseUrl"), connectionLimit: 5, timezone: "Z", dateStrings: true });
  return pool;
}

export async function accessTokenFor(userId: string, ttlSeconds = 3600, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return sign({ sub: userId, iat, exp: iat + ttlSeconds, jti: ulid() }, inject("edgeVars").JWT_SECRET, "HS256");
}

export async function createTestUser(options: { credits?: number; verified?: boolean; active?: boolean } = {}): Promise<TestUser> {
  const db = testDb();
  const id = newId("user");
  const email = randomEmail();
  await db.query("INSERT INTO users (id, email, full_name, password_hash, is_active, is_verified) VALUES (?, ?, ?, ?, ?, ?)", [
    id,
    email,
    "Test User",
    "unusable",
    options.active ?? true,
    options.verified ?? true,
  ]);
  const credits = options.credits ?? 0;
  await db.query("INSERT INTO credit_wallets (user_id, balance_credits) VALUES (?, ?)", [id, credits]);
  if (credits > 0) {
    await db.query("INSERT INTO credit_transactions (id, user_id, delta_credits, type, reason) VALUES (?, ?, ?, 'GRANT', ?)", [
      ulid(),
      id,
      credits,
      "test grant",
    ]);
  }
  return { id, email, token: await accessTokenFor(id) };
}
