/**
 * The profiler against DuckDB SUMMARIZE on the same generated CSV: exact figures (count, nulls,
 * min, max, mean, std) to 1e-9 relative, distinct and quantiles against DuckDB's exact
 * count(DISTINCT) and quantile_cont, and the HyperLogLog estimate within its 2 % promise.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { profileMyDataParameters } from "@agensium/shared";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ColumnProfile } from "../../src/agents/unified-profiler/column-profile.js";
import { profileDataset } from "../../src/agents/unified-profiler.js";
import type { Dataset } from "../../src/engine/types.js";
import { readDelimited } from "../../src/readers/delimited.js";
import type { Cell } from "../support/dataset.js";
import { gaussian, seededRandom } from "../support/random.js";

const ROWS = 30_000;
const COLUMNS = ["id", "amount", "qty", "score", "category", "name", "created"];
const CATEGORIES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];

function generateRows(): Cell[][] {
  const random = seededRandom(20_261_123);
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const rows: Cell[][] = [];
  for (let i = 1; i <= ROWS; i++) {
    const name = Array.from({ length: 6 + Math.floor(random() * 3) }, () => letters[Math.floor(random() * 26)]).join("");
    const day = new Date(Date.UTC(2019, 0, 1) + Math.floor(random() * 1500) * 86_400_000).toISOString().slice(0, 10);
    rows.push([
      String(i),
      random() < 0.04 ? "" : (random() * 5000 - 200).toFixed(2),
      random() < 0.02 ? "" : String(Math.floor(random() * 41) - 10),
      (1e3 + gaussian(random) * 250).toFixed(6),
      random() < 0.05 ? "" : CATEGORIES[Math.floor(random() ** 2 * CATEGORIES.length)],
      name,
      day,
    ]);
  }
  return rows;
}

const TYPE_OF: Record<string, string> = { BIGINT: "integer", DOUBLE: "float", VARCHAR: "string", DATE: "date" };
const relClose = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe("unified-profiler agrees with DuckDB SUMMARIZE", () => {
  const dir = mkdtempSync(join(tmpdir(), "profiler-duckdb-"));
  const csv = join(dir, "mixed.csv");
  const rows = generateRows();
  // The file is read by the engine's own CSV reader, which keeps an empty field as "" (a null
  // null token for the profiler); DuckDB reads the same empty field as NULL.
  const dataset: Dataset = {
    role: "primary",
    format: "csv",
    columns: COLUMNS,
    batches: () => readDelimited(createReadStream(csv), { batchRows: 4_096, tempDir: dir }),
  };
  let summary: Record<string, string | null>[];
  let exact: Record<string, Record<string, unknown>>;
  let profile: Map<string, ColumnProfile>;
  let sql: (q: string) => Promise<Record<string, unknown>[]>;

  beforeAll(async () => {
    writeFileSync(csv, `${COLUMNS.join(",")}\n${rows.map((r) => r.join(",")).join("\n")}\n`);
    const duck = await (await DuckDBInstance.create(":memory:")).connect();
    sql = async (q) => (await duck.runAndReadAll(q)).getRowObjectsJS() as Record<string, unknown>[];
    await duck.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csv}', header = true)`);
    summary = (await duck.runAndReadAll("SUMMARIZE t")).getRowObjectsJson() as Record<string, string | null>[];
    exact = {};
    for (const c of COLUMNS) {
      const [row] = await sql(`SELECT count(*) - count("${c}") AS nulls, count(DISTINCT "${c}") AS distinct FROM t`);
      exact[c] = row;
    }
    const params = profileMyDataParameters.parse({})["unified-profiler"];
    const data = await profileDataset(dataset, params);
    profile = new Map(data.columns.map((c) => [c.name, c]));
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("infers the same column types", () => {
    for (const s of summary) expect(profile.get(s.column_name!)!.inferred_type, s.column_name!).toBe(TYPE_OF[s.column_type!]);
  });

  it("counts rows, nulls and distinct values exactly", () => {
    for (const s of summary) {
      const p = profile.get(s.column_name!)!;
      expect(p.count).toBe(Number(s.count));
      expect(p.nulls).toBe(Number(exact[s.column_name!].nulls));
      expect(p.distinct).toBe(Number(exact[s.column_name!].distinct));
      expect(p.distinct_exact).toBe(true);
    }
  });

  it("matches min, max, mean and std to 1e-9", () => {
    for (const s of summary) {
      const p = profile.get(s.column_name!)!;
      if (s.column_type === "BIGINT" || s.column_type === "DOUBLE") {
        expect(relClose(p.min as number, Number(s.min)), `${s.column_name} min`).toBe(true);
        expect(relClose(p.max as number, Number(s.max)), `${s.column_name} max`).toBe(true);
        expect(relClose(p.mean!, Number(s.avg)), `${s.column_name} mean ${p.mean} vs ${s.avg}`).toBe(true);
        expect(relClose(p.std!, Number(s.std)), `${s.column_name} std ${p.std} vs ${s.std}`).toBe(true);
      } else {
        expect(p.min, `${s.column_name} min`).toBe(s.min);
        expect(p.max, `${s.column_name} max`).toBe(s.max);
      }
    }
  });

  it("computes quantiles equal to DuckDB's exact quantile_cont", async () => {
    for (const c of ["id", "amount", "qty", "score"]) {
      const [row] = await sql(`SELECT quantile_cont("${c}", [0.05, 0.25, 0.5, 0.75, 0.95]) AS q FROM t`);
      const q = (row.q as number[]).map(Number);
      const p = profile.get(c)!;
      expect(p.quantiles_exact).toBe(true);
      const ours = [p.quantiles!.p5, p.quantiles!.p25, p.quantiles!.p50, p.quantiles!.p75, p.quantiles!.p95];
      for (const [i, x] of ours.entries()) expect(relClose(x, q[i]), `${c} quantile ${i}: ${x} vs ${q[i]}`).toBe(true);
    }
  });

  it("keeps the distinct estimate within 2 % once past the exact limit", async () => {
    const params = profileMyDataParameters.parse({ "unified-profiler": { exact_distinct_limit: 1_000 } })["unified-profiler"];
    const data = await profileDataset(dataset, params);
    const name = data.columns.find((c) => c.name === "name")!;
    const truth = Number(exact.name.distinct);
    expect(name.distinct_exact).toBe(false);
    expect(Math.abs(name.distinct - truth) / truth).toBeLessThanOrEqual(0.02);
    const approx = Number(summary.find((s) => s.column_name === "name")!.approx_unique);
    expect(Math.abs(name.distinct - approx) / approx).toBeLessThanOrEqual(0.05);
  });
});
