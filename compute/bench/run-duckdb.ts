/** Child process of the benchmark: DuckDB SUMMARIZE over the same CSV, with wall time, CPU time (every thread) and peak RSS. */
import { DuckDBInstance } from "@duckdb/node-api";

const file = process.argv[2];
const threads = process.argv[3] ?? "2";
const started = performance.now();
const db = await DuckDBInstance.create(":memory:", { threads });
const connection = await db.connect();
const reader = await connection.runAndReadAll(`SUMMARIZE SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`);
const columns = reader.getRowObjects().length;
const wallMs = performance.now() - started;
connection.closeSync();
console.log(
  JSON.stringify({
    mode: `DuckDB SUMMARIZE (threads=${threads})`,
    columns,
    wall_ms: wallMs,
    cpu_ms: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
  }),
);
