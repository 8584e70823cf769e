/**
 * Every call to the API goes through here: the bearer token is attached, renewed before it
 * expires (one renewal at a time: refresh tokens rotate, and a reused one revokes the family) and
 * renewed once more if the edge still says it expired; errors become ApiError with the edge's code.
 */
import type { ErrorCode } from "@agensium/shared";
import { API_BASE } from "../config.js";
import { clearSession, loadSession, needsRenewal, type Session, saveTokens } from "../session.js";
import type { TokenPair } from "./contract.js";

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | "NETWORK_ERROR",
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Called when the session cannot be renewed (the page then shows the login screen). */
let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

let renewing: Promise<Session | null> | null = null;

async function renew(session: Session): Promise<Session | null> {
  // Another call renewed it meanwhile: its new pair is the one to use.
  const stored = loadSession();
  if (stored && stored.refreshToken !== session.refreshToken) return stored;
  renewing ??= (async () => {
    try {
      const pair = await send<TokenPair>("POST", "/auth/refresh", { body: { refresh_token: session.refreshToken }, auth: false });
      return saveTokens(session.email, pair);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        clearSession();
        onSignedOut();
        return null;
      }
      throw err;
    } finally {
      renewing = null;
    }
  })();
  return renewing;
}

async function currentSession(): Promise<Session | null> {
  if (renewing) return renewing;
  const session = loadSession();
  if (session && needsRenewal(session)) return renew(session);
  return session;
}

interface SendOptions {
  body?: unknown;
  auth?: boolean;
  query?: Record<string, string | number | undefined | null>;
  /** Ask for Server-Sent Events and answer the Response itself, its body unread (errors still become ApiError). */
  stream?: boolean;
  signal?: AbortSignal;
}

async function send<T>(method: string, path: string, options: SendOptions, token?: string): Promise<T> {
  const url = new URL(path, `${API_BASE}/`);
  for (const [name, value] of Object.entries(options.query ?? {}))
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, String(value));
  const headers: Record<string, string> = { accept: options.stream ? "text/event-stream" : "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError("NETWORK_ERROR", (err as Error).message, 0);
  }
  if (res.status === 204) return undefined as T;
  if (options.stream && res.ok) return res as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const error = (json as { error?: { code: ErrorCode; message: string; details?: Record<string, unknown>; request_id?: string } })?.error;
    if (error?.code) throw new ApiError(error.code, error.message, res.status, error.details ?? {}, error.request_id);
    throw new ApiError("INTERNAL_ERROR", `The API answered ${res.status}`, res.status);
  }
  return json as T;
}

const TOKEN_REJECTED = new Set(["AUTH_TOKEN_EXPIRED", "AUTH_INVALID_TOKEN"]);

/** A call as the signed-in user (or anonymously with auth: false). */
export async function api<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
  if (options.auth === false) return send<T>(method, path, options);
  const session = await currentSession();
  if (!session) {
    onSignedOut();
    throw new ApiError("AUTH_REQUIRED", "Please log in", 401);
  }
  try {
    return await send<T>(method, path, options, session.accessToken);
  } catch (err) {
    // The clock here and the edge's may disagree: renew once and try again.
    if (!(err instanceof ApiError) || !TOKEN_REJECTED.has(err.code)) throw err;
    const renewed = await renew(session);
    if (!renewed) throw err;
    return send<T>(method, path, options, renewed.accessToken);
  }
}
