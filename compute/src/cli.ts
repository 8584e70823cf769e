/**
 * The engine on local files, without the service: runs a tool over a file and writes the same
 * outputs a task gets (report.json, report.xlsx, row_issues.csv, manifest.json, …) to a folder.
 *
 *   npm run profile -- data.csv [--tool profile-my-data] [--agents a,b] [--baseline old.csv]
 *                              [--params parameters.json] [--out folder]
 */
import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { extensionOf, findTool, INPUT_FORMATS, type Job, newId, resolveAgents } from "@agensium/shared";
import { loadComputeConfig } from "./config.js";
import { folderStore } from "./engine/object-store.js";
import { runToolOnStore } from "./engine/run-tool.js";
import { EngineError, type RunHooks } from "./engine/types.js";

/** npm run changes the working directory to the project root; paths are the user's, relative to where they typed. */
const cwd = process.env.INIT_CWD ?? process.cwd();

const USAGE = "usage: npm run profile -- FILE [--tool ID] [--agents a,b] [--baseline FILE] [--params parameters.json] [--out FOLDER]";

async function inputSpec(path: string) {
  const ext = extensionOf(path);
  if (!ext) throw new Error(`${path}: not a format the engine reads (${Object.keys(INPUT_FORMATS).join(", ")})`);
  const info = await stat(resolve(cwd, path)).catch(() => null);
  if (!info?.isFile()) throw new Error(`${path}: no such file`);
  return { key: resolve(cwd, path), format: INPUT_FORMATS[ext].format, size_bytes: info.size };
}

function progressHooks(): RunHooks {
  let lastPercent = -1;
  return {
    async agentStarted(agentId) {
      process.stderr.write(`\n▶ ${agentId}\n`);
      return true;
    },
    progress(percent) {
      if (percent >= lastPercent + 10 || percent === 100) {
        lastPercent = percent;
        process.stderr.write(`  ${percent}%\n`);
      }
    },
    async agentCompleted(agentId, outcome) {
      const note = outcome.error_code ? ` (${outcome.error_code})` : "";
      process.stderr.write(`  ${agentId}: ${outcome.status}${note} in ${outcome.execution_time_ms} ms\n`);
      return true;
    },
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tool: { type: "string", default: "profile-my-data" },
      agents: { type: "string" },
      baseline: { type: "string" },
      params: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const tool = findTool(values.tool);
  if (!tool) throw new Error(`Unknown tool ${values.tool}; tools: profile-my-data, clean-my-data, master-my-data`);
  const chosen = resolveAgents(
    tool,
    values.agents?.split(",").map((a) => a.trim()),
  );
  if (!chosen.ok) throw new Error(`Not agents of ${tool.id}: ${chosen.unknown.join(", ")}`);

  const primaryPath = positionals[0];
  const outDir = resolve(cwd, values.out ?? `${basename(primaryPath).replace(/\.[^.]+$/, "")}-${tool.id}`);
  const taskId = newId("task");
  const job: Job = {
    job_id: newId("job"),
    task_id: taskId,
    user_id: "local",
    tool_id: tool.id,
    agents: chosen.agents,
    attempt: 1,
    inputs: {
      primary: await inputSpec(primaryPath),
      ...(values.baseline ? { baseline: await inputSpec(values.baseline) } : {}),
    },
    ...(values.params ? { parameters_key: resolve(cwd, values.params) } : {}),
    output_prefix: `${outDir}/`,
    callback_url: "http://127.0.0.1/",
    deadline: new Date(Date.now() + 24 * 3600_000).toISOString(),
  };
  const started = performance.now();
  const result = await runToolOnStore({
    job,
    store: folderStore(cwd),
    config: loadComputeConfig(process.env),
    signal: new AbortController().signal,
    hooks: progressHooks(),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const summary = result.summary as {
    rows: number;
    columns: number;
    agents: {
      agent_id: string;
      status: string;
      alerts: number;
      issues: number;
      row_issues: number;
      reason?: string;
      error?: { message: string };
      headline: { title: string; value: unknown }[];
    }[];
  };
  console.log(`\n${tool.name}: ${summary.rows} rows × ${summary.columns} columns in ${seconds} s`);
  for (const agent of summary.agents) {
    const note = agent.reason ?? agent.error?.message ?? `${agent.alerts} alerts, ${agent.issues} issues, ${agent.row_issues} row issues`;
    console.log(`  ${agent.status.padEnd(8)} ${agent.agent_id.padEnd(24)} ${note}`);
    for (const h of agent.headline) console.log(`           ${h.title}: ${h.value}`);
  }
  console.log(`\nOutputs in ${outDir}:`);
  for (const output of result.outputs) console.log(`  ${output.file_name.padEnd(24)} ${output.size_bytes} bytes`);
  return summary.agents.some((a) => a.status === "error") ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof EngineError ? `${err.code}: ${err.message}` : (err as Error).message);
    process.exit(err instanceof EngineError ? 1 : 2);
  },
);
