/**
 * Runs one tool over a job's inputs and writes the outputs under the job's output prefix.
 * This is the engine's single entry point: the job runner (HTTP, on B2) and the CLI (on a
 * local folder) both call it. Inputs are read and spilled first, so a malformed file fails
 * the run before any agent starts; then the agents run in tool order; then the reports.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTool } from "@agensium/shared";
import { AGENTS } from "../agents/index.js";
import type { ComputeConfig } from "../config.js";
import { summarizeReport } from "../reports/ai-summary/summarize-report.js";
import { boundStrings } from "../reports/bounded-report.js";
import { type RunReport, raggedRowIssues, runSummary, summarizeInput } from "../reports/run-report.js";
import { withholdPiiStatistics } from "../reports/withhold-pii.js";
import { writeOutputs } from "../reports/write-outputs.js";
import type { B2 } from "../storage/b2.js";
import { ingestDataset, type SpilledDataset } from "./dataset.js";
import { b2Store, type ObjectStore } from "./object-store.js";
import { loadParameters } from "./parameters.js";
import { followInput, runAgents } from "./run-agents.js";
import { type Agent, EngineError, type Job, type RunHooks, type RunResult } from "./types.js";

export interface RunToolInput {
  job: Job;
  b2: B2;
  config: ComputeConfig;
  signal: AbortSignal;
  hooks: RunHooks;
}

export interface RunOnStoreInput extends Omit<RunToolInput, "b2"> {
  store: ObjectStore;
  /** The agents that can run; the engine's registry unless a caller narrows it. */
  registry?: ReadonlyMap<string, Agent>;
}

/** Share of the progress bar given to reading the inputs. */
const INGEST_PROGRESS = 10;

export async function runTool({ b2, ...rest }: RunToolInput): Promise<RunResult> {
  return runToolOnStore({ ...rest, store: b2Store(b2) });
}

export async function runToolOnStore({ job, store, config, signal, hooks, registry = AGENTS }: RunOnStoreInput): Promise<RunResult> {
  const tool = findTool(job.tool_id);
  if (!tool) throw new EngineError("TOOL_NOT_FOUND", `Unknown tool ${job.tool_id}`);
  const parameters = await loadParameters(store, tool, job.parameters_key);

  const spillRoot = config.SPILL_DIR || tmpdir();
  const spillDir = await mkdtemp(join(spillRoot, `agensium-${job.task_id.replace(/[^\w-]/g, "_")}-`));
  try {
    const totalBytes = job.inputs.primary.size_bytes + (job.inputs.baseline?.size_bytes ?? 0);
    let doneBytes = 0;
    // A chain's first agent may start its first pass on the input's batches as they are read.
    const inputFollowing = followInput({
      tool,
      agentIds: job.agents,
      registry,
      parameters: parameters.agents,
      primaryBytes: job.inputs.primary.size_bytes,
      signal,
    });
    const ingest = async (role: "primary" | "baseline") => {
      const spec = role === "primary" ? job.inputs.primary : job.inputs.baseline;
      if (!spec) return undefined;
      const dataset = await ingestDataset({
        store,
        key: spec.key,
        role,
        format: spec.format as SpilledDataset["format"],
        batchRows: config.BATCH_ROWS,
        batchBytes: config.BATCH_BYTES,
        maxColumns: config.MAX_COLUMNS,
        maxBytes: config.MAX_INPUT_BYTES,
        spillDir,
        inputOptions: parameters.input,
        signal,
        handoff: role === "primary" ? inputFollowing?.handoff : undefined,
        onBytes: (read) =>
          hooks.progress(
            Math.min(INGEST_PROGRESS, Math.floor(((doneBytes + read) / Math.max(1, totalBytes)) * INGEST_PROGRESS)),
            undefined,
            undefined,
            "reading",
          ),
      });
      doneBytes += dataset.byteSize;
      return dataset;
    };
    let primary: SpilledDataset;
    let baseline: SpilledDataset | undefined;
    try {
      primary = (await ingest("primary")) as SpilledDataset;
      baseline = await ingest("baseline");
    } catch (err) {
      inputFollowing?.following.stop();
      if (signal.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was stopped while its input was being read");
      throw err;
    }

    const run = await runAgents({
      tool,
      agentIds: job.agents,
      registry,
      parameters: parameters.agents,
      primary,
      baseline,
      primaryRows: primary.rowCount,
      primaryBytes: job.inputs.primary.size_bytes,
      inputFollowing: inputFollowing?.following,
      spillDir,
      locale: parameters.locale,
      signal,
      hooks,
      progressOffset: INGEST_PROGRESS,
    });

    const report: RunReport = {
      task_id: job.task_id,
      tool_id: tool.id,
      created_at: new Date().toISOString(),
      stopped_early: run.stoppedEarly,
      inputs: [primary, baseline].filter((d): d is SpilledDataset => d !== undefined).map(summarizeInput),
      input_row_issues: [primary, baseline].flatMap((d) => (d ? raggedRowIssues(d) : [])),
      agents: run.outputs,
    };
    // Never fails the run: without a key, or when the model fails, the summary is built from the findings.
    report.ai_summary = await summarizeReport(withholdPiiStatistics(report), config, signal);
    const written = await writeOutputs(store, job.output_prefix, report, run.files);
    return { ...written, summary: boundStrings(runSummary(report)), stoppedEarly: run.stoppedEarly };
  } finally {
    await rm(spillDir, { recursive: true, force: true });
  }
}
