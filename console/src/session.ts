/**
 * The signed-in session: the token pair in localStorage (so a reload keeps you signed in) and the
 * moment the access token expires, so the client can renew it before it does.
 */
import type { TokenPair } from "./api/contract.js";

const KEY = "agensium.session";

export interface Session {
  email: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token stops working. */
  expiresAt: number;
  /** Its whole lifetime, to renew at a fraction of it. */
  lifetimeMs: number;
}

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveTokens(email: string, pair: TokenPair): Session {
  const lifetimeMs = pair.expires_in * 1000;
  const session = {
    email,
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    expiresAt: Date.now() + lifetimeMs,
    lifetimeMs,
  };
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

/** Renew when less than a fifth of the lifetime (at most a minute) is left. */
export function needsRenewal(session: Session, now = Date.now()): boolean {
  return session.expiresAt - now < Math.min(60_000, session.lifetimeMs / 5);
}
