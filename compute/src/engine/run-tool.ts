/**
 * Runs one tool over a job's inputs and writes the outputs under the job's output prefix.
 * This is the engine's single entry point: the job runner (HTTP) and the CLI both call it.
 *
 * This version runs no agent algorithm yet: it checks the inputs exist, reports each chosen
 * agent as skipped with that reason, and writes report.json and manifest.json, so the whole
 * job path (queue, callbacks, credits, outputs, downloads) runs for real end to end.
 */
import { type AgentOutput, findTool, type ManifestEntry } from "@agensium/shared";
import type { ComputeConfig } from "../config.js";
import type { B2 } from "../storage/b2.js";
import { EngineError, type Job, type RunHooks, type RunResult } from "./types.js";

export interface RunToolInput {
  job: Job;
  b2: B2;
  config: ComputeConfig;
  signal: AbortSignal;
  hooks: RunHooks;
}

export async function runTool({ job, b2, config, signal, hooks }: RunToolInput): Promise<RunResult> {
  const tool = findTool(job.tool_id);
  if (!tool) throw new EngineError("TOOL_NOT_FOUND", `Unknown tool ${job.tool_id}`);
  const primary = await b2.head(job.inputs.primary.key);
  if (!primary) throw new EngineError("INPUT_UNREADABLE", "The primary input is missing from storage");
  if (primary.size > config.MAX_INPUT_BYTES) {
    throw new EngineError("INPUT_TOO_LARGE", `The primary input is ${primary.size} bytes; the limit is ${config.MAX_INPUT_BYTES}`);
  }

  const results: AgentOutput[] = [];
  let stoppedEarly = false;
  for (const [index, agentId] of job.agents.entries()) {
    if (signal.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was aborted");
    if (!(await hooks.agentStarted(agentId))) {
      stoppedEarly = true;
      break;
    }
    const output: AgentOutput = {
      status: "skipped",
      agent_id: agentId,
      execution_time_ms: 0,
      reason: "This agent is not available in this build of the engine",
      alerts: [],
      issues: [],
      recommendations: [],
      row_level_issues: [],
      executive_summary: [],
      data: null,
    };
    results.push(output);
    hooks.progress(Math.round(((index + 1) / job.agents.length) * 100), agentId);
    if (!(await hooks.agentCompleted(agentId, { status: output.status, execution_time_ms: 0 }))) {
      stoppedEarly = true;
      break;
    }
  }

  const outputs: ManifestEntry[] = [];
  const report = JSON.stringify({ task_id: job.task_id, tool_id: job.tool_id, agents: results }, null, 2);
  const reportKey = `${job.output_prefix}report.json`;
  const reportSize = await b2.putBytes(reportKey, report, "application/json");
  outputs.push({ file_name: "report.json", key: reportKey, kind: "report", content_type: "application/json", size_bytes: reportSize });

  const manifestKey = `${job.output_prefix}manifest.json`;
  const manifest = { task_id: job.task_id, created_at: new Date().toISOString(), outputs };
  await b2.putBytes(manifestKey, JSON.stringify(manifest, null, 2), "application/json");
  return {
    outputs,
    manifestKey,
    summary: { agents: results.map((r) => ({ agent_id: r.agent_id, status: r.status })) },
    stoppedEarly,
  };
}
