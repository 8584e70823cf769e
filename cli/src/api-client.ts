/**
 * The service's HTTP API as the CLI uses it: JSON in and out, the service's error body turned into
 * a CliError naming its code, and a bearer credential from AGENSIUM_API_KEY or the stored session
 * (refreshed when the access token is about to expire, under a lock so parallel commands never
 * present the same refresh token twice).
 */
import { CliError } from "./cli-error.js";
import { readSession, type StoredSession, withSessionLock, writeSession } from "./credentials.js";

export const DEFAULT_URL = "http://127.0.0.1:8787";
/** An access token this close to its expiry is refreshed first. */
const EXPIRY_MARGIN_MS = 30_000;

export type Credential = { kind: "none" } | { kind: "key"; key: string } | { kind: "session"; dir: string };

interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export interface RequestOptions {
  body?: unknown;
  /** Send no credential (sign-in routes). */
  anonymous?: boolean;
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly credential: Credential,
  ) {}

  /** A JSON call; resolves to the parsed body of a 2xx answer, throws CliError otherwise. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, options);
    const text = await res.text();
    const body = text ? safeJson(text) : null;
    if (!res.ok) throw apiError(res, body, text);
    return body as T;
  }

  /** A raw authenticated call (event streams, report bodies); the caller reads the body. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const first = await this.attempt(method, path, options, false);
    if (first.status !== 401 || options.anonymous || this.credential.kind !== "session") return first;
    // An access token revoked or expired early: one fresh token, one more try.
    await first.body?.cancel();
    return this.attempt(method, path, options, true);
  }

  private async attempt(method: string, path: string, options: RequestOptions, forceRefresh: boolean): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    if (!options.anonymous) headers.authorization = `Bearer ${await this.bearer(forceRefresh)}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    try {
      return await fetch(new URL(path, this.baseUrl), { method, headers, body });
    } catch (err) {
      throw new CliError(`Cannot reach ${this.baseUrl}: ${(err as Error).cause ?? (err as Error).message}`, undefined, "UNREACHABLE");
    }
  }

  private async bearer(forceRefresh: boolean): Promise<string> {
    const credential = this.credential;
    if (credential.kind === "key") return credential.key;
    if (credential.kind === "none") {
      throw new CliError("Not signed in: run `agensium login`, or set AGENSIUM_API_KEY", undefined, "AUTH_REQUIRED");
    }
    return withSessionLock(async () => {
      const session = readSession(credential.dir);
      if (!session) throw new CliError("Not signed in: run `agensium login`", undefined, "AUTH_REQUIRED");
      const fresh = session.access_token && (session.access_expires_at ?? 0) - EXPIRY_MARGIN_MS > Date.now();
      if (fresh && !forceRefresh) return session.access_token as string;
      const pair = await this.refresh(session);
      writeSession(sessionFromPair(session.url, session.email, pair), credential.dir);
      return pair.access_token;
    }, credential.dir);
  }

  private async refresh(session: StoredSession): Promise<TokenPair> {
    const res = await this.attempt("POST", "/auth/refresh", { anonymous: true, body: { refresh_token: session.refresh_token } }, false);
    const text = await res.text();
    const body = text ? safeJson(text) : null;
    if (res.ok) return body as TokenPair;
    const error = apiError(res, body, text);
    if (error.code === "AUTH_REFRESH_INVALID" || error.code === "AUTH_ACCOUNT_DISABLED") {
      throw new CliError(`Your session has ended (${error.code}): run \`agensium login\` again`, undefined, error.code);
    }
    throw error;
  }
}

export function sessionFromPair(url: string, email: string, pair: TokenPair): StoredSession {
  return {
    url,
    email,
    refresh_token: pair.refresh_token,
    access_token: pair.access_token,
    access_expires_at: Date.now() + pair.expires_in * 1000,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The service's one error body → a CliError carrying its code; anything else → the status line. */
export function apiError(res: Response, body: unknown, text: string): CliError {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  if (error?.code) {
    const details = error.details ? ` ${JSON.stringify(error.details)}` : "";
    return new CliError(`${error.code}: ${error.message ?? res.statusText}${details}`, undefined, error.code);
  }
  return new CliError(`HTTP ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ""}`, undefined, `HTTP_${res.status}`);
}

/** Which server and credential a command uses: flags, then the environment, then the stored session. */
export function resolveClient(options: { url?: string; configDir: string; env: NodeJS.ProcessEnv }): ApiClient {
  const session = readSession(options.configDir);
  const baseUrl = options.url || options.env.AGENSIUM_URL || session?.url || DEFAULT_URL;
  const key = options.env.AGENSIUM_API_KEY?.trim();
  if (key) return new ApiClient(baseUrl, { kind: "key", key });
  // A stored session is only ever sent to the server that issued it.
  const ours = session && sameOrigin(session.url, baseUrl);
  return new ApiClient(baseUrl, ours ? { kind: "session", dir: options.configDir } : { kind: "none" });
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
