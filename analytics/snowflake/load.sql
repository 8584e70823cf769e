-- Loading the per-task analytics files from the bucket into the tables of tables.sql.
-- Run the setup once, then the COPY statements of one format on a schedule (or from a task-ended
-- webhook). COPY remembers the files it loaded (64 days of load metadata), so running it again
-- loads only new files and files rewritten since (a retried task: its rows carry the next attempt).

-- Setup -------------------------------------------------------------------------------------------
CREATE FILE FORMAT IF NOT EXISTS agensium_ndjson TYPE = JSON;   -- one JSON object a line
CREATE FILE FORMAT IF NOT EXISTS agensium_parquet TYPE = PARQUET;

-- Backblaze B2 through Snowflake's S3-compatible stages: the bucket's S3 endpoint, without https://,
-- and an application key that can only read this bucket.
CREATE STAGE IF NOT EXISTS agensium_tasks
  URL = 's3compat://agensium-files/users/'
  ENDPOINT = 's3.us-west-004.backblazeb2.com'
  CREDENTIALS = (AWS_KEY_ID = '<B2 key id>' AWS_SECRET_KEY = '<B2 application key>');

-- NDJSON: keys are column names --------------------------------------------------------------------
COPY INTO analysis_metadata
  FROM @agensium_tasks
  PATTERN = '.*/analytics/analysis_metadata[.]ndjson'
  FILE_FORMAT = (FORMAT_NAME = 'agensium_ndjson')
  MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

COPY INTO analysis_reports
  FROM @agensium_tasks
  PATTERN = '.*/analytics/analysis_reports[.]ndjson'
  FILE_FORMAT = (FORMAT_NAME = 'agensium_ndjson')
  MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

COPY INTO downloads
  FROM @agensium_tasks
  PATTERN = '.*/analytics/downloads[.]ndjson'
  FILE_FORMAT = (FORMAT_NAME = 'agensium_ndjson')
  MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

-- Parquet: JSON columns are JSON-typed strings, parsed into VARIANT here (unless the reader already did)
COPY INTO analysis_metadata (
  analysis_id, attempt, job_id, tool, user_id, status, error_code, error_message, timestamp, started_at,
  execution_time_ms, primary_input_path, primary_input_format, primary_input_size_bytes, baseline_input_path,
  baseline_input_format, row_count, column_count, baseline_row_count, readiness_score, readiness_grade, alerts,
  critical_alerts, issues, stopped_early, agents_requested, agents
)
  FROM (
    SELECT
      $1:analysis_id::VARCHAR, $1:attempt::NUMBER(38,0), $1:job_id::VARCHAR, $1:tool::VARCHAR, $1:user_id::VARCHAR,
      $1:status::VARCHAR, $1:error_code::VARCHAR, $1:error_message::VARCHAR, $1:timestamp::TIMESTAMP_TZ,
      $1:started_at::TIMESTAMP_TZ, $1:execution_time_ms::NUMBER(38,0), $1:primary_input_path::VARCHAR,
      $1:primary_input_format::VARCHAR, $1:primary_input_size_bytes::NUMBER(38,0), $1:baseline_input_path::VARCHAR,
      $1:baseline_input_format::VARCHAR, $1:row_count::NUMBER(38,0), $1:column_count::NUMBER(38,0),
      $1:baseline_row_count::NUMBER(38,0), $1:readiness_score::FLOAT, $1:readiness_grade::VARCHAR,
      $1:alerts::NUMBER(38,0), $1:critical_alerts::NUMBER(38,0), $1:issues::NUMBER(38,0), $1:stopped_early::BOOLEAN,
      IFF(IS_VARCHAR($1:agents_requested), PARSE_JSON($1:agents_requested::VARCHAR), $1:agents_requested),
      IFF(IS_VARCHAR($1:agents), PARSE_JSON($1:agents::VARCHAR), $1:agents)
    FROM @agensium_tasks
  )
  PATTERN = '.*/analytics/analysis_metadata[.]parquet'
  FILE_FORMAT = (FORMAT_NAME = 'agensium_parquet');

COPY INTO analysis_reports (analysis_id, attempt, tool, created_at, report)
  FROM (
    SELECT
      $1:analysis_id::VARCHAR, $1:attempt::NUMBER(38,0), $1:tool::VARCHAR, $1:created_at::TIMESTAMP_TZ,
      IFF(IS_VARCHAR($1:report), PARSE_JSON($1:report::VARCHAR), $1:report)
    FROM @agensium_tasks
  )
  PATTERN = '.*/analytics/analysis_reports[.]parquet'
  FILE_FORMAT = (FORMAT_NAME = 'agensium_parquet');

COPY INTO downloads (download_id, analysis_id, attempt, file_name, s3_path, format, kind, content_type, size_bytes, created_at)
  FROM (
    SELECT
      $1:download_id::VARCHAR, $1:analysis_id::VARCHAR, $1:attempt::NUMBER(38,0), $1:file_name::VARCHAR,
      $1:s3_path::VARCHAR, $1:format::VARCHAR, $1:kind::VARCHAR, $1:content_type::VARCHAR,
      $1:size_bytes::NUMBER(38,0), $1:created_at::TIMESTAMP_TZ
    FROM @agensium_tasks
  )
  PATTERN = '.*/analytics/downloads[.]parquet'
  FILE_FORMAT = (FORMAT_NAME = 'agensium_parquet');
