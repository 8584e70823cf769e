/**
 * The warehouse export, end to end: a task runs through the edge, the queue and compute; its
 * analytics files are read back from the local B2 and loaded into DuckDB tables created from
 * analytics/snowflake/tables.sql (NOT NULL kept) with the column lists of load.sql; the rows are
 * checked against what is known independently: the file that was uploaded, the task the API
 * answers, report.json, and the objects in storage with their sizes.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTask, storedKeys, uploadInputs, waitForStatus } from "../../../edge/test/tasks/helpers.js";
import { api } from "../../../test/support/http.js";
import { createTestUser, type TestUser } from "../../../test/support/users.js";
import { ANALYTICS_TABLES } from "../../src/analytics/tables.js";
import { bytesOf, testB2 } from "../engine/b2-run.js";
import {
  type DdlColumn,
  ddlTables,
  duckdbCreateTable,
  duckdbJsonColumns,
  duckdbType,
  ndjsonCopies,
  parquetCopyColumns,
} from "./snowflake-sql.js";

const TABLES = ["analysis_metadata", "analysis_reports", "downloads"] as const;
type Table = (typeof TABLES)[number];
type Row = Record<string, any>;

// 7 data rows, 4 columns; one email missing, one amount not a number.
const CSV = [
  "id,name,email,amount",
  "1,Ada,ada@example.com,10",
  "2,Grace,grace@example.com,20",
  "3,Linus,,30",
  "4,Barbara,barbara@example.com,forty",
  "5,Edsger,edsger@example.com,50",
  "6,Donald,donald@example.com,60",
  "7,Frances,frances@example.com,70",
  "",
].join("\n");
const CSV_ROWS = 7;
const CSV_COLUMNS = 4;

const bucket = () => inject("computeEnv").B2_BUCKET;
const ddl = ddlTables();
const columnsOf = (table: Table): DdlColumn[] => ddl.get(table) ?? [];

let duckdb: DuckDBInstance;
beforeAll(async () => {
  duckdb = await DuckDBInstance.create(":memory:");
});
afterAll(() => duckdb?.closeSync());

/** Reads both files of every table present from storage and loads them into fresh DuckDB tables. */
async function loadExport(prefix: string, tables: readonly Table[]) {
  const dir = mkdtempSync(join(tmpdir(), "analytics-export-"));
  const connection = await duckdb.connect();
  await connection.run("SET TimeZone = 'UTC'");
  const suffix = Math.random().toString(36).slice(2, 8);
  const loaded = { ndjson: {} as Record<Table, Row[]>, parquet: {} as Record<Table, Row[]>, lines: {} as Record<Table, Row[]> };
  for (const table of tables) {
    const columns = columnsOf(table);
    const ndjsonPath = join(dir, `${table}.ndjson`);
    const parquetPath = join(dir, `${table}.parquet`);
    const ndjson = await bytesOf(testB2(), `${prefix}${table}.ndjson`);
    writeFileSync(ndjsonPath, ndjson);
    writeFileSync(parquetPath, await bytesOf(testB2(), `${prefix}${table}.parquet`));
    loaded.lines[table] = new TextDecoder()
      .decode(ndjson)
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));

    // The Parquet file's own schema: the DDL's names, in order, in the matching types.
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${parquetPath}')`)).getRowObjectsJson();
    expect(described.map((d) => [d.column_name, d.column_type])).toEqual(columns.map((c) => [c.name, duckdbType(c)]));

    // JSON read back as text, timestamps as ISO 8601 with milliseconds.
    const select = columns
      .map((c) =>
        c.snowflakeType === "VARIANT"
          ? `"${c.name}"::VARCHAR AS "${c.name}"`
          : c.snowflakeType === "TIMESTAMP_TZ"
            ? `strftime("${c.name}", '%Y-%m-%dT%H:%M:%S.%gZ') AS "${c.name}"`
            : `"${c.name}"`,
      )
      .join(", ");
    for (const format of ["ndjson", "parquet"] as const) {
      const name = `${table}_${format}_${suffix}`;
      await connection.run(duckdbCreateTable(name, columns));
      const source =
        format === "ndjson"
          ? `read_json('${ndjsonPath}', format = 'newline_delimited', columns = ${duckdbJsonColumns(columns)})`
          : `read_parquet('${parquetPath}')`;
      await connection.run(`INSERT INTO ${name} BY NAME SELECT * FROM ${source}`);
      const rows = (await connection.runAndReadAll(`SELECT ${select} FROM ${name}`)).getRowObjectsJson() as Row[];
      loaded[format][table] = rows.map((row) =>
        Object.fromEntries(
          columns.map((c) => [c.name, c.snowflakeType === "VARIANT" && row[c.name] !== null ? JSON.parse(row[c.name]) : row[c.name]]),
        ),
      );
    }
  }
  connection.closeSync();
  return loaded;
}

async function runTask(user: TestUser, upload: Parameters<typeof uploadInputs>[2], statuses: string[]) {
  const task = await createTask(user, { tool_id: "profile-my-data" });
  await uploadInputs(user, task.task_id, upload);
  const processed = await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
  expect(processed.status, JSON.stringify(processed.body)).toBe(202);
  const done = await waitForStatus(user, task.task_id, statuses, { timeoutMs: 90_000 });
  return { task, done, prefix: `users/${user.id}/tasks/${task.task_id}/` };
}

describe("analytics export", () => {
  it("matches Snowflake's DDL, the load script and the columns compute writes", () => {
    expect([...ddl.keys()]).toEqual([...TABLES]);
    for (const table of TABLES) {
      const written = ANALYTICS_TABLES[table].map((c) => ({ name: c.name, notNull: !c.nullable }));
      expect(columnsOf(table).map((c) => ({ name: c.name, notNull: c.notNull }))).toEqual(written);
      const copy = parquetCopyColumns().get(table);
      expect(copy?.target).toEqual(written.map((c) => c.name));
      expect(copy?.selected).toEqual(written.map((c) => c.name));
      expect(ndjsonCopies().get(table)).toBe(true);
    }
  });

  it("writes a completed task's metadata, report and downloads as NDJSON and Parquet that load into the DDL's tables", async () => {
    const user = await createTestUser({ credits: 1_000 });
    const { task, done, prefix } = await runTask(user, { filename: "customers.csv", content: CSV }, ["COMPLETED", "FAILED"]);
    expect(done.status, JSON.stringify(done.error)).toBe("COMPLETED");

    // Six files beside the outputs, none of them among the user's downloads.
    expect((await storedKeys(`${prefix}analytics/`)).sort()).toEqual(
      TABLES.flatMap((t) => [`${prefix}analytics/${t}.ndjson`, `${prefix}analytics/${t}.parquet`]).sort(),
    );
    const downloads = await api("GET", `/tasks/${task.task_id}/downloads`, { token: user.token });
    expect(downloads.status).toBe(200);
    const offered = downloads.body.downloads as { download_id: string; file_name: string; kind: string; content_type: string }[];
    expect(offered.some((d) => /\.(ndjson|parquet)$/.test(d.file_name))).toBe(false);
    const results = await fetch(`${inject("edgeUrl")}/tasks/${task.task_id}/results`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    const report = (await results.json()) as {
      agents: { agent_id: string; alerts: { severity: string }[]; issues: unknown[]; data: any }[];
    };

    const loaded = await loadExport(`${prefix}analytics/`, TABLES);
    // The two formats hold the same rows, and every NDJSON line has exactly the DDL's keys.
    for (const table of TABLES) {
      expect(loaded.parquet[table]).toEqual(loaded.ndjson[table]);
      for (const line of loaded.lines[table]) expect(Object.keys(line)).toEqual(columnsOf(table).map((c) => c.name));
    }

    const [metadata] = loaded.ndjson.analysis_metadata;
    expect(loaded.ndjson.analysis_metadata).toHaveLength(1);
    const alerts = report.agents.flatMap((a) => a.alerts);
    const rater = report.agents.find((a) => a.agent_id === "readiness-rater");
    expect(metadata).toMatchObject({
      analysis_id: task.task_id,
      attempt: "1",
      tool: "profile-my-data",
      user_id: user.id,
      status: "COMPLETED",
      error_code: null,
      error_message: null,
      primary_input_path: `s3://${bucket()}/${prefix}inputs/primary.csv`,
      primary_input_format: "csv",
      primary_input_size_bytes: String(Buffer.byteLength(CSV)),
      baseline_input_path: null,
      row_count: String(CSV_ROWS),
      column_count: String(CSV_COLUMNS),
      baseline_row_count: null,
      readiness_score: rater?.data.overall,
      readiness_grade: rater?.data.grade,
      alerts: String(alerts.length),
      critical_alerts: String(alerts.filter((a) => a.severity === "critical").length),
      issues: String(report.agents.reduce((n, a) => n + a.issues.length, 0)),
      stopped_early: false,
      agents_requested: task.agents,
    });
    expect(typeof rater?.data.overall).toBe("number");
    expect(metadata.agents.map((a: { agent_id: string; status: string }) => a.agent_id)).toEqual(task.agents);
    expect(metadata.agents.map((a: { alerts: number }) => a.alerts)).toEqual(report.agents.map((a) => a.alerts.length));
    expect(Date.parse(metadata.timestamp) - Date.parse(metadata.started_at)).toBe(Number(metadata.execution_time_ms));

    // The report row is report.json, whole.
    expect(loaded.ndjson.analysis_reports).toHaveLength(1);
    expect(loaded.ndjson.analysis_reports[0]).toMatchObject({ analysis_id: task.task_id, attempt: "1", tool: "profile-my-data" });
    expect(loaded.ndjson.analysis_reports[0].report).toEqual(report);

    // One download row per output stored (manifest.json is bookkeeping, not a download), sized as storage has it.
    const outputKeys = (await storedKeys(`${prefix}outputs/`)).filter((k) => !k.endsWith("/manifest.json"));
    const rows = loaded.ndjson.downloads;
    expect(rows.map((r) => r.s3_path).sort()).toEqual(outputKeys.map((k) => `s3://${bucket()}/${k}`).sort());
    for (const row of rows) {
      const key = row.s3_path.slice(`s3://${bucket()}/`.length);
      expect(Number(row.size_bytes), row.file_name).toBe((await testB2().head(key))?.size);
      const download = offered.find((d) => d.download_id === row.download_id);
      expect(download, row.download_id).toBeDefined();
      expect(row).toMatchObject({
        analysis_id: task.task_id,
        file_name: download?.file_name,
        kind: download?.kind,
        content_type: download?.content_type,
        format: row.file_name.split(".").pop(),
      });
    }
    expect(rows).toHaveLength(offered.length);
  }, 180_000);

  it("writes only a FAILED metadata row, with the task's error, for a task whose input cannot be read", async () => {
    const user = await createTestUser({ credits: 1_000 });
    const broken = '[{"id": 1, "name": "Ada"},\n {"id": 2, "name": ';
    const { task, done, prefix } = await runTask(user, { filename: "records.json", content: broken, contentType: "application/json" }, [
      "COMPLETED",
      "FAILED",
    ]);
    expect(done.status).toBe("FAILED");
    expect(done.error.code).toBe("INPUT_UNREADABLE");

    expect((await storedKeys(`${prefix}analytics/`)).sort()).toEqual([
      `${prefix}analytics/analysis_metadata.ndjson`,
      `${prefix}analytics/analysis_metadata.parquet`,
    ]);
    const loaded = await loadExport(`${prefix}analytics/`, ["analysis_metadata"]);
    expect(loaded.parquet.analysis_metadata).toEqual(loaded.ndjson.analysis_metadata);
    expect(loaded.ndjson.analysis_metadata).toHaveLength(1);
    expect(loaded.ndjson.analysis_metadata[0]).toMatchObject({
      analysis_id: task.task_id,
      user_id: user.id,
      status: "FAILED",
      error_code: done.error.code,
      error_message: done.error.message,
      primary_input_path: `s3://${bucket()}/${prefix}inputs/primary.json`,
      primary_input_format: "json",
      primary_input_size_bytes: String(Buffer.byteLength(broken)),
      row_count: null,
      readiness_score: null,
      stopped_early: null,
      agents_requested: task.agents,
      agents: [],
    });
  }, 180_000);
});
