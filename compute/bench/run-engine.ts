/**
 * Child process of the benchmark: runs the engine on one local CSV and prints one JSON line
 * with wall time, CPU time (user + system, every thread) and this process's peak RSS. "profile" runs profile-my-data with the
 * unified-profiler (when it is registered); "read" measures the reader pass alone (parse and
 * spill), which is what every run pays before its agents; "reports" runs every profile-my-data
 * agent and also prints the byte size of each report it wrote (report.html must not grow with rows);
 * "master" (and "clean") runs every master-my-data (clean-my-data) agent, prints each agent's time and, when the file has a
 * `.entities` truth beside it (generate-persons.ts), scores the crosswalk against it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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
const agentTimes: Record<string, number> = {};
/** The highest RSS (MiB) seen while each agent ran (sampled every 20 ms), to see which one holds memory. */
const agentRss: Record<string, number> = {};
let rssPeak = 0;
const rssSampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
}, 20);
rssSampler.unref();
let scoreAccuracy: (() => Record<string, number>) | undefined;

/** The job every mode runs: one local CSV, outputs to a scratch folder, no callbacks. */
function benchJob(toolId: string, agentIds: string[]) {
  return {
    job_id: "job_bench",
    task_id: "tsk_bench",
    user_id: "usr_bench",
    tool_id: toolId,
    agents: agentIds,
    attempt: 1,
    inputs: { primary: { key: basename(file), format: "csv" as const, size_bytes: size } },
    output_prefix: `${out}/`,
    callback_url: "http://127.0.0.1/",
    deadline: new Date(Date.now() + 86_400_000).toISOString(),
  };
}
const agents =
  wanted === "reports" ? (findTool("profile-my-data")?.agents.map((a) => a.id) ?? []).filter((id) => AGENTS.has(id)) : ["unified-profiler"];
if (wanted === "master" || wanted === "clean") {
  const toolId = wanted === "master" ? "master-my-data" : "clean-my-data";
  mode = `engine: every ${toolId} agent`;
  const tool = findTool(toolId);
  const result = await runToolOnStore({
    job: benchJob(
      toolId,
      (tool?.agents.map((a) => a.id) ?? []).filter((id) => AGENTS.has(id)),
    ),
    store,
    config,
    signal: new AbortController().signal,
    hooks: {
      agentStarted: async () => true,
      progress: () => undefined,
      agentCompleted: async (id, outcome) => {
        agentTimes[id] = outcome.execution_time_ms;
        agentRss[id] = Math.round(Math.max(rssPeak, process.memoryUsage.rss()) / 2 ** 20);
        rssPeak = 0;
        if (outcome.status === "error") throw new Error(`${id}: ${JSON.stringify(outcome)}`);
        return true;
      },
    },
  });
  rows = (result.summary as { rows: number }).rows;
  // Scored after the measurements below: checking the crosswalk is the benchmark's work, not the service's.
  if (existsSync(`${file}.entities`)) scoreAccuracy = () => crosswalkAccuracy(join(out, "crosswalk.csv"), `${file}.entities`);
} else if ((wanted === "profile" || wanted === "reports") && AGENTS.has("unified-profiler")) {
  mode = wanted === "reports" ? "engine: every profile-my-data agent, no baseline" : "engine: read + spill + unified-profiler";
  const result = await runToolOnStore({
    job: benchJob("profile-my-data", agents),
    store,
    config,
    signal: new AbortController().signal,
    hooks: {
      agentStarted: async () => true,
      progress: () => undefined,
      agentCompleted: async (id, outcome) => {
        agentTimes[id] = outcome.execution_time_ms;
        agentRss[id] = Math.round(Math.max(rssPeak, process.memoryUsage.rss()) / 2 ** 20);
        rssPeak = 0;
        if (outcome.status === "error") throw new Error(`${id}: ${JSON.stringify(outcome)}`);
        return true;
      },
    },
  });
  rows = (result.summary as { rows: number }).rows;
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
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
const peakRssBytes = usage.maxRSS * 1024;
const accuracy = scoreAccuracy?.();
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
    peak_rss_bytes: peakRssBytes,
    cpu_ms: cpuMs,
    ...(wanted === "reports" ? { report_sizes: reportSizes } : {}),
    ...(Object.keys(agentTimes).length > 0 ? { agent_ms: agentTimes } : {}),
    ...(Object.keys(agentRss).length > 0 ? { peak_rss_mib: agentRss } : {}),
    ...(accuracy ? { accuracy } : {}),
  }),
);

/**
 * The crosswalk against the true person of every row: the share of true duplicate pairs (each
 * record with the first record of its person) given one master id, and the share of master ids
 * that hold more than one person (wrong merges).
 */
function crosswalkAccuracy(crosswalkPath: string, entitiesPath: string): Record<string, number> {
  const truth = new Int32Array(new Uint8Array(readFileSync(entitiesPath)).buffer);
  const lines = readFileSync(crosswalkPath, "utf8").split("\r\n").slice(1);
  const idOfRow = new Array<string>(truth.length);
  for (const line of lines) {
    if (line === "") continue;
    const [id, , row] = line.split(",");
    idOfRow[Number(row) - 1] = id;
  }
  const firstOf = new Map<number, number>();
  let duplicates = 0;
  let found = 0;
  for (let row = 0; row < truth.length; row++) {
    const first = firstOf.get(truth[row]);
    if (first === undefined) firstOf.set(truth[row], row);
    else {
      duplicates++;
      if (idOfRow[row] === idOfRow[first]) found++;
    }
  }
  const peopleOfId = new Map<string, number>();
  const wrong = new Set<string>();
  for (let row = 0; row < truth.length; row++) {
    const seen = peopleOfId.get(idOfRow[row]);
    if (seen === undefined) peopleOfId.set(idOfRow[row], truth[row]);
    else if (seen !== truth[row]) wrong.add(idOfRow[row]);
  }
  return { duplicate_records: duplicates, duplicates_found: found, master_ids: peopleOfId.size, ids_with_two_people: wrong.size };
}
