import { newId } from "@agensium/shared";
import { sign, verify } from "hono/jwt";
import { ApiError } from "../errors.js";

/**
 * Short-lived HS256 access tokens: `sub` is the user id, `jti` makes each one distinct, `gen` is
 * the user's token generation when it was issued. Signing out everywhere or resetting the
 * password raises the generation, which ends every access token issued before at once.
 */
export async function issueAccessToken(secret: string, userId: string, ttlSeconds: number, now = Date.now(), generation = 0) {
  const iat = Math.floor(now / 1000);
  const token = await sign({ sub: userId, iat, exp: iat + ttlSeconds, jti: newId("event"), gen: generation }, secret, "HS256");
  return { token, expiresIn: ttlSeconds };
}

export interface AccessClaims {
  userId: string;
  /** Tokens issued before generations existed carry none: they count as generation 0. */
  generation: number;
}

const invalid = (message: string) => new ApiError("AUTH_INVALID_TOKEN", message);

/**
 * The HMAC verification key of each secret, imported once per isolate: given the secret as a
 * string, hono imports it again on every call, which every authenticated request paid for.
 * A key is the secret itself, not a decision about any user, so caching it caches no authorisation.
 */
const verifyKeys = new Map<string, Promise<CryptoKey>>();

function verifyKeyFor(secret: string): Promise<CryptoKey> {
  let key = verifyKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    // A failed import is not kept: the next request tries again.
    key.catch(() => verifyKeys.delete(secret));
    verifyKeys.set(secret, key);
  }
  return key;
}

/**
 * Tokens this isolate has already verified, by their exact text: a client polling a task sends
 * the same token on every request, and decoding it and checking its HMAC signature was about a
 * tenth of a status poll's CPU time. An entry says only "this exact string was signed with this
 * secret"; its expiry is checked again on every use, and whether its user may act (active,
 * verified, same token generation) is still read from the database by every request. Only
 * tokens that passed every check are kept; the map is bounded and drops its oldest entry first.
 */
interface VerifiedToken {
  secret: string;
  exp: number;
  claims: AccessClaims;
}
const verifiedTokens = new Map<string, VerifiedToken>();
const MAX_VERIFIED_TOKENS = 2_048;
/** Our tokens are about 250 characters; a longer one is verified each time rather than kept. */
const MAX_KEPT_TOKEN_LENGTH = 1_024;

const expired = () => new ApiError("AUTH_TOKEN_EXPIRED", "The access token has expired");

/**
 * The claims of a valid token; 401 for anything else (garbled, other key, alg:none, expired, or
 * missing one of exp, iat, sub, jti: a token that never expires is not one we issue).
 */
export async function verifyAccessClaims(secret: string, token: string): Promise<AccessClaims> {
  const known = verifiedTokens.get(token);
  if (known && known.secret === secret) {
    // The same test as hono's verify: expired once `exp` is not after the current second.
    if (known.exp <= Math.floor(Date.now() / 1000)) {
      verifiedTokens.delete(token);
      throw expired();
    }
    return known.claims;
  }
  const { exp, ...claims } = await verifyToken(secret, token);
  if (token.length <= MAX_KEPT_TOKEN_LENGTH) {
    if (verifiedTokens.size >= MAX_VERIFIED_TOKENS) verifiedTokens.delete(verifiedTokens.keys().next().value as string);
    verifiedTokens.set(token, { secret, exp, claims });
  }
  return claims;
}

async function verifyToken(secret: string, token: string): Promise<AccessClaims & { exp: number }> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, await verifyKeyFor(secret), "HS256");
  } catch (err) {
    if ((err as Error).name === "JwtTokenExpired") throw expired();
    throw invalid("The access token is not valid");
  }
  if (typeof payload.sub !== "string" || !payload.sub) throw invalid("The access token names no user");
  if (!Number.isInteger(payload.exp) || !Number.isInteger(payload.iat)) throw invalid("The access token lacks exp or iat");
  if (typeof payload.jti !== "string" || !payload.jti) throw invalid("The access token lacks a jti");
  const generation = payload.gen ?? 0;
  if (!Number.isSafeInteger(generation) || (generation as number) < 0) throw invalid("The access token is not valid");
  return { userId: payload.sub, generation: generation as number, exp: payload.exp as number };
}

/** The user id of a valid token (see verifyAccessClaims). */
export async function verifyAccessToken(secret: string, token: string): Promise<string> {
  return (await verifyAccessClaims(secret, token)).userId;
}
