/**
 * Reads the column lists out of analytics/snowflake/tables.sql and load.sql, so the export test
 * loads the files with exactly what Snowflake would be given, in DuckDB's types.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

export interface DdlColumn {
  name: string;
  snowflakeType: string;
  notNull: boolean;
}

const sqlFile = (name: string) => readFileSync(join(inject("projectRoot"), "analytics", "snowflake", name), "utf8");
const withoutComments = (sql: string) => sql.replace(/--[^\n]*/g, "");

/** Every CREATE TABLE of tables.sql: its columns in order (constraint lines left out). */
export function ddlTables(): Map<string, DdlColumn[]> {
  const tables = new Map<string, DdlColumn[]>();
  const sql = withoutComments(sqlFile("tables.sql"));
  for (const match of sql.matchAll(/CREATE TABLE IF NOT EXISTS (\w+) \(\n([\s\S]*?)\n\);/g)) {
    const columns: DdlColumn[] = [];
    for (const raw of match[2].split("\n")) {
      const line = raw.trim().replace(/,$/, "");
      if (!line || /^PRIMARY KEY\b/.test(line)) continue;
      const column = /^(\w+) ([A-Z_]+(?:\(\d+(?:,\d+)?\))?)( NOT NULL)?$/.exec(line);
      if (!column) throw new Error(`tables.sql: cannot read the column line "${line}" of ${match[1]}`);
      columns.push({ name: column[1], snowflakeType: column[2], notNull: column[3] !== undefined });
    }
    tables.set(match[1], columns);
  }
  return tables;
}

/** For each table, the columns of load.sql's Parquet COPY: its target list and the `$1:name` fields it selects. */
export function parquetCopyColumns(): Map<string, { target: string[]; selected: string[] }> {
  const copies = new Map<string, { target: string[]; selected: string[] }>();
  const sql = withoutComments(sqlFile("load.sql"));
  for (const match of sql.matchAll(/COPY INTO (\w+) \(([^)]*)\)\s+FROM \(\s*SELECT([\s\S]*?)FROM @agensium_tasks\s*\)/g)) {
    const target = match[2].split(",").map((c) => c.trim());
    const selected = [...new Set([...match[3].matchAll(/\$1:(\w+)/g)].map((m) => m[1]))];
    copies.set(match[1], { target, selected });
  }
  return copies;
}

/** The NDJSON COPY statements of load.sql: table → whether it matches columns by name. */
export function ndjsonCopies(): Map<string, boolean> {
  const copies = new Map<string, boolean>();
  const sql = withoutComments(sqlFile("load.sql"));
  for (const match of sql.matchAll(/COPY INTO (\w+)\s+FROM @agensium_tasks\s+PATTERN = '[^']*\[\.\]ndjson'[\s\S]*?;/g)) {
    copies.set(match[1], /MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE/.test(match[0]));
  }
  return copies;
}

const DUCKDB_TYPES: Record<string, string> = {
  VARCHAR: "VARCHAR",
  "NUMBER(38,0)": "BIGINT",
  FLOAT: "DOUBLE",
  BOOLEAN: "BOOLEAN",
  TIMESTAMP_TZ: "TIMESTAMP WITH TIME ZONE",
  VARIANT: "JSON",
};

export function duckdbType(column: DdlColumn): string {
  const type = DUCKDB_TYPES[column.snowflakeType];
  if (!type) throw new Error(`no DuckDB type for ${column.snowflakeType} (${column.name})`);
  return type;
}

/** The DDL's CREATE TABLE in DuckDB's types, NOT NULL kept: a row missing a required value fails to load. */
export function duckdbCreateTable(name: string, columns: DdlColumn[]): string {
  const defs = columns.map((c) => `"${c.name}" ${duckdbType(c)}${c.notNull ? " NOT NULL" : ""}`);
  return `CREATE TABLE ${name} (${defs.join(", ")})`;
}

/** read_json's `columns` argument: the DDL's names and types, nothing detected. */
export function duckdbJsonColumns(columns: DdlColumn[]): string {
  return `{${columns.map((c) => `'${c.name}': '${duckdbType(c)}'`).join(", ")}}`;
}
