/**
 * Password hashing: PBKDF2-SHA256 through Web Crypto with a per-user random salt. 100,000
 * iterations is the most Workers allow. Stored as `pbkdf2-sha256$iterations$salt$hash` (base64),
 * so the iteration count can be raised later without invalidating existing hashes.
 */
import { constantTimeEqual, fromBase64, randomBytes, toBase64 } from "./crypto.js";

const SCHEME = "pbkdf2-sha256";
const ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, ITERATIONS);
  return `${SCHEME}$${ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** A well-formed hash no password matches: checking against it costs what a real check costs. */
const NO_ACCOUNT_HASH = `${SCHEME}$${ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA==$${toBase64(new Uint8Array(HASH_BITS / 8))}`;

function parse(stored: string) {
  const [scheme, iterations, salt, hash] = stored.split("$");
  const count = Number(iterations);
  if (scheme !== SCHEME || !Number.isInteger(count) || count < 1 || count > ITERATIONS || !salt || !hash) return undefined;
  try {
    return { iterations: count, salt: fromBase64(salt), hash: fromBase64(hash) };
  } catch {
    return undefined;
  }
}

/**
 * True when `password` matches `stored`. Pass `undefined` for an unknown account: the same
 * work is done, so the answer time does not tell which addresses have accounts.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const known = stored === undefined ? undefined : parse(stored);
  const target = known ?? (parse(NO_ACCOUNT_HASH) as NonNullable<ReturnType<typeof parse>>);
  const derived = await derive(password, target.salt, target.iterations);
  return known !== undefined && constantTimeEqual(derived, target.hash);
}
