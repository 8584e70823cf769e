/**
 * A table's rows as NDJSON (one JSON object a line, keys in column order) and as Parquet (one
 * file, typed columns, Snappy). JSON columns (the report, the agents) stay objects in NDJSON, so
 * Snowflake loads them into VARIANT as they are; in Parquet they are JSON-typed strings.
 */
import { type ColumnSource, parquetWriteBuffer, type SchemaElement } from "hyparquet-writer";
import { ANALYTICS_TABLES, type AnalyticsColumn, type AnalyticsRow, type AnalyticsTable } from "./tables.js";

type Row = Record<string, unknown>;

export function ndjsonOf<T extends AnalyticsTable>(table: T, rows: AnalyticsRow<T>[]): Uint8Array {
  const columns: readonly AnalyticsColumn[] = ANALYTICS_TABLES[table];
  const lines = rows.map((row) => `${JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, (row as Row)[c.name] ?? null])))}\n`);
  return new TextEncoder().encode(lines.join(""));
}

export function parquetOf<T extends AnalyticsTable>(table: T, rows: AnalyticsRow<T>[]): Uint8Array {
  const columns: readonly AnalyticsColumn[] = ANALYTICS_TABLES[table];
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }, ...columns.map(schemaElement)];
  const columnData: ColumnSource[] = columns.map((c) => ({
    name: c.name,
    data: rows.map((row) => parquetValue(c, (row as Row)[c.name])),
    // Min/max of a whole report would be stored twice in the footer; nobody filters on them.
    statistics: c.type !== "json",
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, createdBy: "agensium compute" }));
}

function schemaElement(c: AnalyticsColumn): SchemaElement {
  const repetition_type = c.nullable ? "OPTIONAL" : "REQUIRED";
  switch (c.type) {
    case "string":
      return { name: c.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type };
    case "json":
      return { name: c.name, type: "BYTE_ARRAY", converted_type: "JSON", repetition_type };
    case "integer":
      return { name: c.name, type: "INT64", repetition_type };
    case "double":
      return { name: c.name, type: "DOUBLE", repetition_type };
    case "boolean":
      return { name: c.name, type: "BOOLEAN", repetition_type };
    case "timestamp":
      return {
        name: c.name,
        type: "INT64",
        logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
        repetition_type,
      };
  }
}

function parquetValue(c: AnalyticsColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (c.type === "integer") return BigInt(value as number);
  if (c.type === "timestamp") return new Date(value as string);
  return value;
}
