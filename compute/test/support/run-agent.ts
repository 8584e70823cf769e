/** Runs one agent the way the runner does: parameters through the tool's zod schema, a real context. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentOutput, profileMyDataParameters } from "@agensium/shared";
import { RowIssueSpill, settleRowIssues } from "../../src/engine/row-issue-spill.js";
import type { Agent, AgentResult, Dataset } from "../../src/engine/types.js";

export interface RunOptions {
  parameters?: Record<string, unknown>;
  baseline?: Dataset;
  previous?: Map<string, AgentOutput>;
}

export async function runAgent<D = any>(agent: Agent<any, any>, primary: Dataset, options: RunOptions = {}): Promise<AgentResult<D>> {
  const parameters = profileMyDataParameters.parse({ [agent.id]: options.parameters ?? {} }) as Record<string, unknown>;
  const progress: number[] = [];
  const spillDir = mkdtempSync(join(tmpdir(), "agent-spill-"));
  // The runner's sink, keeping every issue inline so a test sees them all (the agent writes
  // some as it goes and may return others, as under the runner).
  const rowIssues = new RowIssueSpill(spillDir).writer(agent.id, Number.POSITIVE_INFINITY);
  const result = await agent.run({
    agentId: agent.id,
    toolId: "profile-my-data",
    parameters: parameters[agent.id],
    primary,
    baseline: options.baseline,
    previous: options.previous ?? new Map(),
    spillDir,
    signal: new AbortController().signal,
    rowIssues,
    progress: (rows) => progress.push(rows),
  });
  return { ...result, row_level_issues: settleRowIssues(rowIssues, result.row_level_issues).row_level_issues };
}

/** Wraps a result as the runner would record it, to feed later agents' `previous`. */
export function asOutput(agentId: string, result: AgentResult): AgentOutput {
  const { files: _files, nextPrimary: _next, status, ...common } = result;
  return { ...common, status: status ?? "success", agent_id: agentId, execution_time_ms: 0 };
}
