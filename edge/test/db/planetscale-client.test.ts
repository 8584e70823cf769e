/**
 * PlanetScaleClient against the PlanetScale driver's own Client, both talking to the local
 * PlanetScale HTTP server and the real database: for the same statements, the same requests on
 * the wire (address, headers, body) and the same answers (rows as objects and as arrays, every
 * column type the service stores, NULL, non-ASCII text, binary, JSON; rowsAffected, insertId),
 * and the same errors, for a statement the database refuses, wrong credentials, and an answer
 * that is not JSON.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client, type Config } from "@planetscale/database";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { castCell } from "../../src/db/cast.js";
import { PlanetScaleClient } from "../../src/db/planetscale-client.js";

const psUrl = inject("planetscaleUrl");
const table = `psc_test_${Math.random().toString(36).slice(2, 10)}`;
let admin: mysql.Connection;

interface Sent {
  url: string;
  method?: string;
  headers?: unknown;
  body?: unknown;
}

/** A fetch that records what it sends and forwards it unchanged. */
function recordingFetch(sent: Sent[]): NonNullable<Config["fetch"]> {
  return async (input, init) => {
    sent.push({ url: String(input), method: init?.method, headers: init?.headers, body: init?.body });
    return fetch(input, init as RequestInit);
  };
}

function pair(url = psUrl, config: Partial<Config> = {}) {
  const driverSent: Sent[] = [];
  const oursSent: Sent[] = [];
  return {
    driver: new Client({ url, fetch: recordingFetch(driverSent), ...config }),
    ours: new PlanetScaleClient({ url, fetch: recordingFetch(oursSent), queryTimeoutMs: 10_000, ...config }),
    driverSent,
    oursSent,
  };
}

/** An answer without the database's own timing, which differs from one call to the next. */
function untimed(answer: { time: number }) {
  expect(answer.time).toBeGreaterThanOrEqual(0);
  return { ...answer, time: "timed" };
}

async function failure(run: () => Promise<unknown>) {
  const err = (await run().then(
    () => undefined,
    (e) => e,
  )) as Error & { status?: number; body?: unknown; context?: unknown };
  expect(err).toBeInstanceOf(Error);
  return { name: err.name, message: err.message, status: err.status, body: err.body, context: err.context, type: err.constructor.name };
}

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: inject("databaseUrl") });
  await admin.query(
    `CREATE TABLE ${table} (id INT PRIMARY KEY AUTO_INCREMENT, big BIGINT, amount DECIMAL(12,4), at DATETIME(3), day DATE,
     doc JSON, note VARCHAR(50), body LONGTEXT, small TINYINT, ratio DOUBLE, raw VARBINARY(16), flag BOOLEAN)`,
  );
  await admin.query(
    `INSERT INTO ${table} (big, amount, at, day, doc, note, body, small, ratio, raw, flag) VALUES
     (9007199254740993, 1234.5678, '2026-11-23 18:53:51.123', '2026-11-23', '{"a":[1,2],"b":"é"}', 'plain', 'Zürich — 東京 🙂', -5, 0.1, UNHEX('00FF10'), 1),
     (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
     (-1, -0.0001, '1970-01-01 00:00:00.000', '1000-01-01', '[]', '', '', 127, -1e300, UNHEX(''), 0)`,
  );
});

afterAll(async () => {
  await admin.query(`DROP TABLE IF EXISTS ${table}`);
  await admin.end();
});

describe("PlanetScaleClient", () => {
  const select = `SELECT * FROM ${table} WHERE id >= ? ORDER BY id`;

  for (const cast of [undefined, castCell]) {
    for (const as of ["object", "array"] as const) {
      it(`answers rows as ${as}s as the driver does${cast ? ", with the service's cast" : ""}`, async () => {
        const { driver, ours, driverSent, oursSent } = pair(psUrl, cast ? { cast } : {});
        const theirs = await driver.execute(select, [1], { as } as never);
        const mine = await ours.execute(select, [1], { as } as never);
        expect(mine.rows).toHaveLength(3);
        expect(untimed(mine)).toEqual(untimed(theirs));
        expect(oursSent).toEqual(driverSent);
      });
    }
  }

  it("answers a statement with named parameters, an empty result, and a write as the driver does", async () => {
    const { driver, ours, driverSent, oursSent } = pair(psUrl, { cast: castCell });
    const named = `SELECT id, note FROM ${table} WHERE note = :note`;
    expect(untimed(await ours.execute(named, { note: "plain" }))).toEqual(untimed(await driver.execute(named, { note: "plain" })));
    const none = `SELECT id FROM ${table} WHERE id < 0`;
    expect(untimed(await ours.execute(none))).toEqual(untimed(await driver.execute(none)));
    const update = `UPDATE ${table} SET small = small WHERE id > ?`;
    const mineUpdate = await ours.execute(update, [0]);
    expect(untimed(mineUpdate)).toEqual(untimed(await driver.execute(update, [0])));
    const insert = `INSERT INTO ${table} (note) VALUES (?)`;
    const theirsInsert = await driver.execute(insert, ["from the driver"]);
    const mineInsert = await ours.execute(insert, ["from ours"]);
    expect(mineInsert.rowsAffected).toBe(1);
    expect(Number(mineInsert.insertId)).toBe(Number(theirsInsert.insertId) + 1);
    expect({ ...untimed(mineInsert), insertId: "id", statement: "s" }).toEqual({
      ...untimed(theirsInsert),
      insertId: "id",
      statement: "s",
    });
    expect(oursSent.map((s) => ({ ...s, body: "b" }))).toEqual(driverSent.map((s) => ({ ...s, body: "b" })));
  });

  it("fails as the driver does for a refused statement and for wrong credentials", async () => {
    const { driver, ours } = pair();
    const bad = `SELECT nothing FROM ${table}`;
    const refused = await failure(() => ours.execute(bad));
    expect(refused.type).toBe("DatabaseError");
    expect(refused).toEqual(await failure(() => driver.execute(bad)));
    const wrong = new URL(psUrl);
    wrong.password = "not-the-password";
    const locked = pair(wrong.toString());
    const denied = await failure(() => locked.ours.execute("SELECT 1"));
    expect(denied.status).toBe(401);
    expect(denied).toEqual(await failure(() => locked.driver.execute("SELECT 1")));
  });

  describe("with a database that does not answer", () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      // Takes the request and never answers.
      server = createServer(() => undefined);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://user:pass@127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("fails each call and each transaction as DatabaseUnavailable once the timeout passes", async () => {
      const client = new PlanetScaleClient({ url, queryTimeoutMs: 300 });
      const started = Date.now();
      const call = await failure(() => client.execute("SELECT 1"));
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect([call.type, call.message]).toEqual(["DatabaseUnavailable", "The database is unreachable: no answer within 300 ms"]);
      const tx = await failure(() => client.transaction((t) => t.execute("SELECT 1")));
      expect([tx.type, tx.message]).toEqual(["DatabaseUnavailable", "The database is unreachable: no answer within 300 ms"]);
    });

    it("fails as DatabaseUnavailable when nothing listens", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const refused = await failure(() =>
        new PlanetScaleClient({ url: `http://u:p@127.0.0.1:${port}`, queryTimeoutMs: 5_000 }).execute("SELECT 1"),
      );
      expect(refused.type).toBe("DatabaseUnavailable");
      expect(refused.message).toMatch(/^The database is unreachable: /);
    });
  });

  describe("with an answer that is not JSON", () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(502, { "content-type": "text/html", "x-served-by": "a proxy" });
        res.end("<html>bad gateway</html>");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://user:pass@127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("fails with the driver's UnknownError and context", async () => {
      const { driver, ours } = pair(url);
      const mine = await failure(() => ours.execute("SELECT 1"));
      expect(mine.type).toBe("UnknownError");
      expect(mine.message).toBe("Expected JSON response from database API, got HTTP 502 Bad Gateway");
      const theirs = await failure(() => driver.execute("SELECT 1"));
      // The Date header may tick between the two answers.
      const withoutDate = (e: typeof mine) => ({
        ...e,
        context: { ...(e.context as object), headers: { ...(e.context as { headers: object }).headers, date: "d" } },
      });
      expect(withoutDate(mine)).toEqual(withoutDate(theirs));
    });
  });
});
