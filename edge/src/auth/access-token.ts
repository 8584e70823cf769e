import { newId } from "@agensium/shared";
import { sign, verify } from "hono/jwt";
import { ApiError } from "../errors.js";

/** Short-lived HS256 access tokens: `sub` is the user id, `jti` makes each one distinct. */
export async function issueAccessToken(secret: string, userId: string, ttlSeconds: number, now = Date.now()) {
  const iat = Math.floor(now / 1000);
  const token = await sign({ sub: userId, iat, exp: iat + ttlSeconds, jti: newId("event") }, secret, "HS256");
  return { token, expiresIn: ttlSeconds };
}

/** The user id of a valid token; 401 for anything else (garbled, other key, alg:none, expired). */
export async function verifyAccessToken(secret: string, token: string): Promise<string> {
  try {
    const payload = await verify(token, secret, "HS256");
    if (typeof payload.sub !== "string" || !payload.sub) throw new ApiError("AUTH_INVALID_TOKEN", "The access token names no user");
    return payload.sub;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if ((err as Error).name === "JwtTokenExpired") throw new ApiError("AUTH_TOKEN_EXPIRED", "The access token has expired");
    throw new ApiError("AUTH_INVALID_TOKEN", "The access token is not valid");
  }
}
