/**
 * Child process of the benchmark: runs the engine on one local CSV and prints one JSON line
 * with wall time and this process's peak RSS. "profile" runs profile-my-data with the
 * unified-profiler (when it is registered); "read" measures the reader pass alone (parse and
 * spill), which is what every run pays before its agents; "reports" runs every profile-my-data
 * agent and also prints the byte size of each report it wrote (report.html must not grow with rows).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { findTool } from "@agensium/shared";
import { AGENTS } from "../src/agents/index.js";
import { loadComputeConfig } from "../src/config.js";
import { ingestDataset } from "../src/engine/dataset.js";
import { folderStore } from "../src/engine/object-store.js";
import { runToolOnStore } from "../src/engine/run-tool.js";

const file = process.argv[2];
const size = Number(process.argv[3]);
const wanted = process.argv[4] ?? "profile";
const config = loadComputeConfig({ ...process.env, MAX_INPUT_BYTES: String(10 * 1024 ** 3) });
const store = folderStore(dirname(file));
const out = mkdtempSync(join(tmpdir(), "bench-out-"));
const started = performance.now();
let mode: string;
let rows = 0;
const agents =
  wanted === "reports" ? (findTool("profile-my-data")?.agents.map((a) => a.id) ?? []).filter((id) => AGENTS.has(id)) : ["unified-profiler"];
if ((wanted === "profile" || wanted === "reports") && AGENTS.has("unified-profiler")) {
  mode = wanted === "reports" ? "engine: every profile-my-data agent, no baseline" : "engine: read + spill + unified-profiler";
  const result = await runToolOnStore({
    job: {
      job_id: "job_bench",
      task_id: "tsk_bench",
      user_id: "usr_bench",
      tool_id: "profile-my-data",
      agents,
      attempt: 1,
      inputs: { primary: { key: basename(file), format: "csv", size_bytes: size } },
      output_prefix: `${out}/`,
      callback_url: "http://127.0.0.1/",
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    },
    store,
    config,
    signal: new AbortController().signal,
    hooks: { agentStarted: async () => true, progress: () => undefined, agentCompleted: async () => true },
  });
  rows = (result.summary as { rows: number }).rows;
  const status = (result.summary as { agents: { status: string; error?: unknown }[] }).agents[0];
  if (status.status !== "success") throw new Error(`unified-profiler: ${JSON.stringify(status)}`);
} else {
  mode = "engine: read + spill only";
  const dataset = await ingestDataset({
    store,
    key: basename(file),
    role: "primary",
    format: "csv",
    batchRows: config.BATCH_ROWS,
    maxBytes: config.MAX_INPUT_BYTES,
    spillDir: out,
  });
  rows = dataset.rowCount;
}
const wallMs = performance.now() - started;
const reportSizes = Object.fromEntries(
  readdirSync(out)
    .filter((name) => name.startsWith("report."))
    .map((name) => [name, statSync(join(out, name)).size]),
);
rmSync(out, { recursive: true, force: true });
console.log(
  JSON.stringify({
    mode,
    rows,
    wall_ms: wallMs,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    ...(wanted === "reports" ? { report_sizes: reportSizes } : {}),
  }),
);
