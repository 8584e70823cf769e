/**
 * The three warehouse tables compute exports per task, column by column, in the order of
 * analytics/snowflake/tables.sql. The NDJSON and Parquet writers both follow this list, so a
 * file never holds a column the DDL lacks; the export test loads the files with the columns it
 * reads out of that SQL file and fails when the two disagree.
 */

/** string → VARCHAR, integer → NUMBER(38,0), double → FLOAT, timestamp → TIMESTAMP_TZ, json → VARIANT. */
export type ColumnType = "string" | "integer" | "double" | "boolean" | "timestamp" | "json";

export interface AnalyticsColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
}

const column = <N extends string, T extends ColumnType, O extends boolean = false>(name: N, type: T, nullable?: O) => ({
  name,
  type,
  nullable: (nullable ?? false) as O,
});

export const ANALYTICS_TABLES = {
  analysis_metadata: [
    column("analysis_id", "string"),
    column("attempt", "integer"),
    column("job_id", "string"),
    column("tool", "string"),
    column("user_id", "string"),
    column("status", "string"),
    column("error_code", "string", true),
    column("error_message", "string", true),
    column("timestamp", "timestamp"),
    column("started_at", "timestamp"),
    column("execution_time_ms", "integer"),
    column("primary_input_path", "string"),
    column("primary_input_format", "string"),
    column("primary_input_size_bytes", "integer"),
    column("baseline_input_path", "string", true),
    column("baseline_input_format", "string", true),
    column("row_count", "integer", true),
    column("column_count", "integer", true),
    column("baseline_row_count", "integer", true),
    column("readiness_score", "double", true),
    column("readiness_grade", "string", true),
    column("alerts", "integer", true),
    column("critical_alerts", "integer", true),
    column("issues", "integer", true),
    column("stopped_early", "boolean", true),
    column("agents_requested", "json"),
    column("agents", "json"),
  ],
  analysis_reports: [
    column("analysis_id", "string"),
    column("attempt", "integer"),
    column("tool", "string"),
    column("created_at", "timestamp"),
    column("report", "json"),
  ],
  downloads: [
    column("download_id", "string"),
    column("analysis_id", "string"),
    column("attempt", "integer"),
    column("file_name", "string"),
    column("s3_path", "string"),
    column("format", "string"),
    column("kind", "string"),
    column("content_type", "string"),
    column("size_bytes", "integer"),
    column("created_at", "timestamp"),
  ],
} satisfies Record<string, AnalyticsColumn[]>;

export type AnalyticsTable = keyof typeof ANALYTICS_TABLES;

type ValueOf<T extends ColumnType> = T extends "string"
  ? string
  : T extends "integer" | "double"
    ? number
    : T extends "boolean"
      ? boolean
      : T extends "timestamp"
        ? string
        : unknown;

/** One row of a table: every column present, null where the column allows it. */
export type AnalyticsRow<T extends AnalyticsTable> = {
  [C in (typeof ANALYTICS_TABLES)[T][number] as C["name"]]: C["nullable"] extends true ? ValueOf<C["type"]> | null : ValueOf<C["type"]>;
};
