/**
 * The local PlanetScale HTTP server, driven by the real @planetscale/database driver against
 * the real database. Each test works in its own table.
 */
import { Client, connect, DatabaseError } from "@planetscale/database";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const psUrl = inject("planetscaleUrl");
const databaseUrl = inject("databaseUrl");
const table = `ps_test_${Math.random().toString(36).slice(2, 10)}`;
let admin: mysql.Connection;

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: databaseUrl });
  await admin.query(
    `CREATE TABLE ${table} (id INT PRIMARY KEY AUTO_INCREMENT, big BIGINT, amount DECIMAL(12,4), at DATETIME(3), doc LONGTEXT, note VARCHAR(50), small TINYINT)`,
  );
});

afterAll(async () => {
  await admin.query(`DROP TABLE IF EXISTS ${table}`);
  await admin.end();
});

describe("PlanetScale HTTP server", () => {
  it("returns each type as the driver casts it", async () => {
    const conn = connect({ url: psUrl });
    const inserted = await conn.execute(`INSERT INTO ${table} (big, amount, at, doc, note, small) VALUES (?, ?, ?, ?, ?, ?)`, [
      "9007199254740993",
      "1234.5678",
      "2026-11-23 18:53:51.123",
      JSON.stringify({ a: [1, 2], b: "é" }),
      null,
      -5,
    ]);
    expect(inserted.rowsAffected).toBe(1);
    const id = Number(inserted.insertId);
    expect(id).toBeGreaterThan(0);
    const { rows } = await conn.execute(`SELECT id, big, amount, at, doc, note, small FROM ${table} WHERE id = ?`, [id]);
    expect(rows).toEqual([
      {
        id,
        big: "9007199254740993",
        amount: "1234.5678",
        at: "2026-11-23 18:53:51.123",
        doc: JSON.stringify({ a: [1, 2], b: "é" }),
        note: null,
        small: -5,
      },
    ]);
    expect(JSON.parse((rows[0] as { doc: string }).doc)).toEqual({ a: [1, 2], b: "é" });
  });

  it("commits a transaction", async () => {
    const conn = connect({ url: psUrl });
    await conn.transaction(async (tx) => {
      await tx.execute(`INSERT INTO ${table} (note) VALUES ('committed-1')`);
      await tx.execute(`INSERT INTO ${table} (note) VALUES ('committed-1')`);
    });
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM ${table} WHERE note = 'committed-1'`);
    expect((rows as { n: number }[])[0].n).toBe(2);
  });

  it("rolls a transaction back when it throws, and its writes are invisible meanwhile", async () => {
    const conn = connect({ url: psUrl });
    await expect(
      conn.transaction(async (tx) => {
        await tx.execute(`INSERT INTO ${table} (note) VALUES ('rolled-back')`);
        const [outside] = await admin.query(`SELECT COUNT(*) AS n FROM ${table} WHERE note = 'rolled-back'`);
        expect((outside as { n: number }[])[0].n).toBe(0);
        const inside = await tx.execute(`SELECT COUNT(*) AS n FROM ${table} WHERE note = 'rolled-back'`);
        expect(inside.rows[0]).toEqual({ n: "1" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM ${table} WHERE note = 'rolled-back'`);
    expect((rows as { n: number }[])[0].n).toBe(0);
  });

  it("reports a SQL error as a DatabaseError", async () => {
    const conn = connect({ url: psUrl });
    const err = await conn.execute("SELECT * FROM no_such_table_here").catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.message).toMatch(/no_such_table_here/);
  });

  it("refuses bad credentials with 401", async () => {
    const url = new URL(psUrl);
    url.password = "wrong";
    const conn = connect({ url: url.toString() });
    const err = await conn.execute("SELECT 1").catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.status).toBe(401);
  });

  it("serves 20 parallel queries", async () => {
    const client = new Client({ url: psUrl });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.execute("SELECT ? AS n, SLEEP(0.05) AS s", [i])));
    expect(results.map((r) => Number((r.rows[0] as { n: number | string }).n))).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("keeps parallel transactions apart", async () => {
    const client = new Client({ url: psUrl });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        client
          .transaction(async (tx) => {
            await tx.execute(`INSERT INTO ${table} (note) VALUES (?)`, [`parallel-${i}`]);
            if (i % 2 === 1) throw new Error("odd rolls back");
          })
          .catch(() => undefined),
      ),
    );
    const [rows] = await admin.query(`SELECT note FROM ${table} WHERE note LIKE 'parallel-%' ORDER BY note`);
    expect((rows as { note: string }[]).map((r) => r.note)).toEqual(["parallel-0", "parallel-2", "parallel-4"]);
  });
});
