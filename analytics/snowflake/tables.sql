-- The warehouse tables for what compute exports per task, under
--   users/{user_id}/tasks/{task_id}/analytics/{analysis_metadata,analysis_reports,downloads}.{ndjson,parquet}
-- Columns and their order follow compute/src/analytics/tables.ts; compute/test/analytics reads the
-- column lists out of this file to load the exported files, so the two cannot drift apart.
-- One column a line: the test's parser relies on it.

CREATE TABLE IF NOT EXISTS analysis_metadata (
  analysis_id VARCHAR NOT NULL,              -- the task id (tsk_…)
  attempt NUMBER(38,0) NOT NULL,             -- a retried task is exported again with the next attempt
  job_id VARCHAR NOT NULL,
  tool VARCHAR NOT NULL,                     -- profile-my-data, clean-my-data, master-my-data
  user_id VARCHAR NOT NULL,
  status VARCHAR NOT NULL,                   -- COMPLETED or FAILED
  error_code VARCHAR,                        -- the task's error code when FAILED
  error_message VARCHAR,
  timestamp TIMESTAMP_TZ NOT NULL,           -- when the run ended
  started_at TIMESTAMP_TZ NOT NULL,
  execution_time_ms NUMBER(38,0) NOT NULL,   -- reading the inputs, the agents and writing the outputs
  primary_input_path VARCHAR NOT NULL,       -- s3://bucket/users/…/inputs/primary.csv
  primary_input_format VARCHAR NOT NULL,
  primary_input_size_bytes NUMBER(38,0) NOT NULL,
  baseline_input_path VARCHAR,
  baseline_input_format VARCHAR,
  row_count NUMBER(38,0),                    -- rows of the primary input (null when the run failed before reading it)
  column_count NUMBER(38,0),
  baseline_row_count NUMBER(38,0),
  readiness_score FLOAT,                     -- 0–100, from the readiness-rater agent when it ran
  readiness_grade VARCHAR,                   -- ready, needs_review, not_ready
  alerts NUMBER(38,0),                       -- over every agent
  critical_alerts NUMBER(38,0),
  issues NUMBER(38,0),
  stopped_early BOOLEAN,                     -- the run stopped before every agent ran (out of credits)
  agents_requested VARIANT NOT NULL,         -- ["unified-profiler", …]
  agents VARIANT NOT NULL,                   -- [{agent_id, status, execution_time_ms, alerts, issues, row_issues}] of the agents that ended
  PRIMARY KEY (analysis_id, attempt)
);

CREATE TABLE IF NOT EXISTS analysis_reports (
  analysis_id VARCHAR NOT NULL,
  attempt NUMBER(38,0) NOT NULL,
  tool VARCHAR NOT NULL,
  created_at TIMESTAMP_TZ NOT NULL,
  report VARIANT NOT NULL,                   -- report.json, whole (at most 32 MiB)
  PRIMARY KEY (analysis_id, attempt)
);

CREATE TABLE IF NOT EXISTS downloads (
  download_id VARCHAR NOT NULL,              -- as GET /tasks/{id}/downloads names it: unique within the task
  analysis_id VARCHAR NOT NULL,
  attempt NUMBER(38,0) NOT NULL,
  file_name VARCHAR NOT NULL,
  s3_path VARCHAR NOT NULL,
  format VARCHAR NOT NULL,                   -- json, html, xlsx, csv, …
  kind VARCHAR NOT NULL,                     -- report, data, quarantine, row_issues, recipe, lineage, other
  content_type VARCHAR NOT NULL,
  size_bytes NUMBER(38,0) NOT NULL,
  created_at TIMESTAMP_TZ NOT NULL,
  PRIMARY KEY (analysis_id, attempt, download_id)
);

-- The latest attempt of each task: what the task ended as.
CREATE OR REPLACE VIEW analysis_latest AS
SELECT *
FROM analysis_metadata
QUALIFY ROW_NUMBER() OVER (PARTITION BY analysis_id ORDER BY attempt DESC, timestamp DESC) = 1;
