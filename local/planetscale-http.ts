/**
 * A local server speaking the PlanetScale HTTP protocol (docs: PLANETSCALE-HTTP.md) in front of
 * MariaDB/MySQL, so the edge runs the real @planetscale/database driver in development and tests.
 *
 * Sessions: every response carries an opaque session. A session is pinned to one MySQL
 * connection only between BEGIN and COMMIT/ROLLBACK; otherwise queries use the pool.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import mysql, { type FieldPacket, type Pool, type PoolConnection } from "mysql2/promise";

export interface PlanetScaleHttpOptions {
  /** mysql://user:pass@host:port/database of the real database. */
  databaseUrl: string;
  username: string;
  password: string;
  port?: number;
  host?: string;
  /** A transaction idle this long is rolled back and its connection released. */
  transactionIdleMs?: number;
}

export interface RunningPlanetScaleHttp {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Session {
  id: string;
  connection?: PoolConnection;
  idleTimer?: NodeJS.Timeout;
}

const BINARY_CHARSET = 63;
const UNSIGNED_FLAG = 32;

/** MySQL column type code → Vitess type name, as the driver's cast() expects. */
function vitessType(field: FieldPacket): string {
  const unsigned = ((field.flags as number) & UNSIGNED_FLAG) !== 0;
  const binary = field.characterSet === BINARY_CHARSET;
  const int = (bits: number) => `${unsigned ? "UINT" : "INT"}${bits}`;
  switch (field.columnType) {
    case 0:
    case 246:
      return "DECIMAL";
    case 1:
      return int(8);
    case 2:
      return int(16);
    case 3:
      return int(32);
    case 4:
      return "FLOAT32";
    case 5:
      return "FLOAT64";
    case 6:
      return "NULL_TYPE";
    case 7:
      return "TIMESTAMP";
    case 8:
      return int(64);
    case 9:
      return int(24);
    case 10:
      return "DATE";
    case 11:
      return "TIME";
    case 12:
      return "DATETIME";
    case 13:
      return "YEAR";
    case 16:
      return "BIT";
    case 245:
      return "JSON";
    case 247:
      return "ENUM";
    case 248:
      return "SET";
    case 249:
    case 250:
    case 251:
    case 252:
      return binary ? "BLOB" : "TEXT";
    case 15:
    case 253:
      return binary ? "VARBINARY" : "VARCHAR";
    case 254:
      return binary ? "BINARY" : "CHAR";
    case 255:
      return "GEOMETRY";
    default:
      return "VARCHAR";
  }
}

function describeField(field: FieldPacket) {
  return {
    name: field.name,
    type: vitessType(field),
    table: field.table,
    orgTable: field.orgTable,
    database: field.db,
    orgName: field.orgName,
    columnLength: field.columnLength,
    charset: field.characterSet,
    decimals: field.decimals,
    flags: field.flags,
    columnType: field.type,
  };
}

/** Each row as the driver wants it: byte lengths (-1 for NULL) and base64 of the concatenated bytes. */
function encodeRow(row: (Buffer | null)[]) {
  const lengths: string[] = [];
  const parts: Buffer[] = [];
  for (const value of row) {
    if (value === null) {
      lengths.push("-1");
    } else {
      lengths.push(String(value.length));
      parts.push(value);
    }
  }
  return { lengths, values: Buffer.concat(parts).toString("base64") };
}

const TRANSACTION_START = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK)\b/i;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function credentialsMatch(header: string | undefined, username: string, password: string): boolean {
  if (!header?.startsWith("Basic ")) return false;
  const given = Buffer.from(header.slice(6), "base64");
  const expected = Buffer.from(`${username}:${password}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startPlanetScaleHttp(options: PlanetScaleHttpOptions): Promise<RunningPlanetScaleHttp> {
  const pool: Pool = mysql.createPool({
    uri: options.databaseUrl,
    connectionLimit: 20,
    multipleStatements: false,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: "Z",
  });
  // Every connection speaks UTC, so DATETIME defaults (CURRENT_TIMESTAMP) are UTC like PlanetScale.
  pool.on("connection", (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  const sessions = new Map<string, Session>();
  const idleMs = options.transactionIdleMs ?? 60_000;

  function releaseSession(session: Session, rollback: boolean) {
    if (session.idleTimer) clearTimeout(session.idleTimer);
    const conn = session.connection;
    session.connection = undefined;
    if (!conn) return;
    if (rollback) {
      conn.query("ROLLBACK").finally(() => conn.release());
    } else {
      conn.release();
    }
  }

  function touch(session: Session) {
    if (session.idleTimer) clearTimeout(session.idleTimer);
    if (session.connection) {
      session.idleTimer = setTimeout(() => {
        releaseSession(session, true);
        sessions.delete(session.id);
      }, idleMs);
      session.idleTimer.unref();
    }
  }

  function sessionFor(token: unknown): Session {
    if (typeof token === "string") {
      const existing = sessions.get(token);
      if (existing) return existing;
    }
    const session: Session = { id: randomBytes(12).toString("hex") };
    return session;
  }

  async function execute(session: Session, query: string) {
    const opensTransaction = TRANSACTION_START.test(query);
    const closesTransaction = TRANSACTION_END.test(query);
    if (opensTransaction && !session.connection) {
      session.connection = await pool.getConnection();
      sessions.set(session.id, session);
    }
    const runner = session.connection ?? pool;
    const started = performance.now();
    try {
      const [rows, fields] = await runner.query({
        sql: query,
        rowsAsArray: true,
        // Raw text-protocol bytes: the driver does its own casting from these.
        typeCast: (field: { buffer(): Buffer | null }) => field.buffer(),
      } as mysql.QueryOptions);
      const timing = (performance.now() - started) / 1000;
      if (Array.isArray(rows)) {
        return {
          timing,
          result: {
            fields: (fields ?? []).map(describeField),
            rows: (rows as (Buffer | null)[][]).map(encodeRow),
            rowsAffected: "0",
            insertId: "0",
          },
        };
      }
      const header = rows as mysql.ResultSetHeader;
      return {
        timing,
        result: { fields: [], rows: [], rowsAffected: String(header.affectedRows), insertId: String(header.insertId) },
      };
    } finally {
      if (closesTransaction) {
        releaseSession(session, false);
        sessions.delete(session.id);
      } else {
        touch(session);
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== "POST") return sendJson(res, 405, { code: "method_not_allowed", message: "POST only" });
    if (!credentialsMatch(req.headers.authorization, options.username, options.password)) {
      return sendJson(res, 401, { code: "unauthenticated", message: "invalid credentials" });
    }
    let body: { query?: unknown; session?: unknown };
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { code: "invalid_argument", message: "body is not JSON" });
    }
    const path = req.url ?? "";
    if (path.endsWith("/psdb.v1alpha1.Database/CreateSession")) {
      return sendJson(res, 200, { session: randomBytes(12).toString("hex") });
    }
    if (!path.endsWith("/psdb.v1alpha1.Database/Execute")) {
      return sendJson(res, 404, { code: "not_found", message: `unknown method ${path}` });
    }
    if (typeof body.query !== "string") {
      return sendJson(res, 400, { code: "invalid_argument", message: "query must be a string" });
    }
    const session = sessionFor(body.session);
    try {
      const { result, timing } = await execute(session, body.query);
      sendJson(res, 200, { session: session.id, result, timing });
    } catch (err) {
      const e = err as { errno?: number; code?: string; sqlMessage?: string; message: string };
      sendJson(res, 200, {
        session: session.id,
        error: { code: e.code ?? "UNKNOWN", message: `${e.sqlMessage ?? e.message} (errno ${e.errno ?? 0})` },
      });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => sendJson(res, 500, { code: "internal", message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    port,
    url: `http://${options.username}:${options.password}@${host}:${port}`,
    async close() {
      // Open transactions are cut, not rolled back politely: the database rolls back a dropped
      // connection, and a query stuck on a lock must not hold shutdown.
      for (const session of sessions.values()) {
        if (session.idleTimer) clearTimeout(session.idleTimer);
        session.connection?.destroy();
      }
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.race([pool.end(), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
    },
  };
}
