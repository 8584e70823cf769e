/**
 * The PlanetScale driver's Client with a leaner `execute` for the calls outside a transaction,
 * which is every call a status poll makes. The driver's own execute builds a Connection per
 * call (parsing the URL twice more and encoding the credentials again) and describes the
 * answer's column types by spreading an object once per column, which is quadratic in the
 * number of columns: together 6–7 % of a GET /tasks/:id's samples in a profile of the worker.
 * This one does the same request with the endpoint and credentials worked out once, and builds
 * the same answer (headers, types, fields, rows, rowsAffected, insertId, size, statement, time)
 * with the driver's own SQL formatting, cell cast and errors. Transactions keep the driver's
 * Connection, which carries the session from one statement to the next. Both are bounded by
 * the query timeout, after which a call fails as DatabaseUnavailable.
 */
import { type Cast, Client, type Config, DatabaseError, cast as driverCast, type Field, format, UnknownError } from "@planetscale/database";

type Row = Record<string, unknown> | unknown[];
type As = "array" | "object";

/** What the PlanetScale HTTP API answers to Execute (the parts the driver reads). */
interface ExecuteAnswer {
  result?: { fields?: Field[]; rows?: { lengths: string[]; values?: string }[]; rowsAffected?: string; insertId?: string } | null;
  error?: { message: string; code: string } | null;
  timing?: number;
}

/** The driver's request header names this client; kept in step with the driver's version by a test. */
export const DRIVER_USER_AGENT = "database-js/1.20.2";

/** The database did not answer (in time, or at all): the request answers 503 with Retry-After. */
export class DatabaseUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnavailable";
  }
}

function unreachable(err: unknown, timeoutMs: number): DatabaseUnavailable {
  const e = err as Error;
  const why = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : e.message;
  return new DatabaseUnavailable(`The database is unreachable: ${why}`);
}

const IN_CLOUDFLARE_WORKER = typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers";

export class PlanetScaleClient extends Client {
  readonly #endpoint: string;
  readonly #authorization: string;
  readonly #fetch: NonNullable<Config["fetch"]>;
  readonly #cast: Cast;
  readonly #timeoutMs: number;

  /** Every call, a transaction's statements included, fails as DatabaseUnavailable after `queryTimeoutMs` without an answer. */
  constructor(config: Config & { url: string; queryTimeoutMs: number }) {
    const timeoutMs = config.queryTimeoutMs;
    const send = config.fetch ?? fetch;
    // The driver's Connection (transactions) sends through this; execute below sets its own signal.
    const bounded: NonNullable<Config["fetch"]> = async (input, init) => {
      try {
        return await send(input, { ...init, signal: AbortSignal.timeout(timeoutMs) } as typeof init);
      } catch (err) {
        throw unreachable(err, timeoutMs);
      }
    };
    super({ ...config, fetch: bounded });
    this.#timeoutMs = timeoutMs;
    const url = new URL(config.url);
    // As the driver's Connection does: http only when asked for, and the URL's own (still
    // percent-encoded) user name and password.
    const scheme = url.protocol === "http:" ? "http:" : "https:";
    this.#endpoint = `${scheme}//${url.host}/psdb.v1alpha1.Database/Execute`;
    this.#authorization = `Basic ${btoa(`${url.username}:${url.password}`)}`;
    // Called as a plain function: workerd's fetch refuses to run as another object's method.
    this.#fetch = (input, init) => send(input, init);
    this.#cast = config.cast ?? driverCast;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the driver's overloads, whose row types callers choose
  override async execute(query: string, args: any = null, options: { as?: As; cast?: Cast } = { as: "object" }): Promise<any> {
    const sql = args ? (this.config.format ?? format)(query, args) : query;
    const answer = await this.#post(sql);
    if (answer.error) throw new DatabaseError(answer.error.message, 400, answer.error);
    const result = answer.result;
    const fields = result?.fields ?? [];
    const headers: string[] = [];
    const types: Record<string, string> = {};
    for (const field of fields) {
      field.type ||= "NULL";
      headers.push(field.name);
      types[field.name] = field.type;
    }
    const castCell = options.cast ?? this.#cast;
    const asArray = options.as === "array";
    const rows: Row[] = [];
    for (const raw of result?.rows ?? []) {
      const values = raw.values ? atob(raw.values) : "";
      const row: Row = asArray ? [] : {};
      let offset = 0;
      for (let i = 0; i < raw.lengths.length; i++) {
        const width = Number.parseInt(raw.lengths[i], 10);
        let value: string | null = null;
        if (width >= 0) {
          value = values.substring(offset, offset + width);
          offset += width;
        }
        if (asArray) (row as unknown[]).push(castCell(fields[i], value));
        else (row as Record<string, unknown>)[fields[i].name] = castCell(fields[i], value);
      }
      rows.push(row);
    }
    return {
      headers,
      types,
      fields,
      rows,
      rowsAffected: result?.rowsAffected ? Number.parseInt(result.rowsAffected, 10) : 0,
      insertId: result?.insertId ?? "0",
      size: rows.length,
      statement: sql,
      time: (answer.timing ?? 0) * 1000,
    };
  }

  /** One Execute request without a session, failing exactly as the driver's postJSON does. */
  async #post(sql: string): Promise<ExecuteAnswer> {
    let response: Awaited<ReturnType<NonNullable<Config["fetch"]>>>;
    let text: string;
    try {
      response = await this.#fetch(this.#endpoint, {
        method: "POST",
        body: JSON.stringify({ query: sql, session: null }),
        headers: { "Content-Type": "application/json", "User-Agent": DRIVER_USER_AGENT, Authorization: this.#authorization },
        cache: "no-store",
        signal: AbortSignal.timeout(this.#timeoutMs),
      } as Parameters<NonNullable<Config["fetch"]>>[1]);
      text = await response.text();
    } catch (err) {
      throw unreachable(err, this.#timeoutMs);
    }
    if (response.ok) return JSON.parse(text);
    let parsed: ExecuteAnswer | undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: answered below as the driver does
    }
    if (parsed?.error) throw new DatabaseError(parsed.error.message, response.status, parsed.error);
    const headers: Record<string, string> = {};
    response.headers?.forEach((value, key) => {
      headers[key] = value;
    });
    const status = response.statusText ? `${response.status} ${response.statusText}` : `${response.status}`;
    const fromCloudflare = (response.status >= 520 && response.status <= 530) || IN_CLOUDFLARE_WORKER;
    const message = fromCloudflare
      ? `Cloudflare error: HTTP ${status} (not a database error)`
      : `Expected JSON response from database API, got HTTP ${status}`;
    throw new UnknownError(message, { status: response.status, statusText: response.statusText, body: text.substring(0, 4096), headers });
  }
}
