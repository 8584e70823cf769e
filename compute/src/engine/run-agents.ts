/**
 * Runs the chosen agents in tool order: times each, tells the hooks before and after (a
 * hook answering false stops the run), turns an agent's exception into an "error" result and
 * keeps going, and for chained tools hands each agent's output dataset to the next.
 */
import type { AgentOutput, ErrorCode, ToolDefinition } from "@agensium/shared";
import { attachRowIssues, RowIssueSpill, settleRowIssues } from "./row-issue-spill.js";
import { SpillHandoff } from "./spill-handoff.js";
import type { Agent, AgentContext, AgentFile, AgentOutcome, Dataset, Following, RunHooks } from "./types.js";
import { EngineError } from "./types.js";

export const NOT_AVAILABLE_REASON = "not available in this version of the engine";

/** Failures that are the user's doing: their credits are not refunded. */
const USER_FAULT_CODES: ReadonlySet<ErrorCode> = new Set([
  "INPUT_UNREADABLE",
  "INPUT_TOO_LARGE",
  "INPUT_TOO_WIDE",
  "PARAMETERS_INVALID",
  "SHEET_NOT_FOUND",
  "SHEET_REQUIRED",
  "LOCALE_INVALID",
]);

export interface AgentRunInput {
  tool: ToolDefinition;
  agentIds: string[];
  registry: ReadonlyMap<string, Agent>;
  parameters: Record<string, Record<string, unknown>>;
  primary: Dataset;
  baseline?: Dataset;
  /** Rows of the primary input, for progress within an agent. */
  primaryRows: number;
  spillDir: string;
  locale?: AgentContext["locale"];
  signal: AbortSignal;
  hooks: RunHooks;
  /** Share of the progress bar already used before the agents start (reading the input). */
  progressOffset: number;
  /** Bytes of the primary input file. */
  primaryBytes: number;
  /** What the first agent's follow() started while the input was read (followInput), if anything. */
  inputFollowing?: Following;
}

/** What followInput needs of a run, before its input is read. */
export type InputFollowingSetup = Pick<AgentRunInput, "tool" | "agentIds" | "registry" | "parameters" | "primaryBytes" | "signal">;

/**
 * For a chain whose first agent follows its input (Agent.follow): the handoff to read the input
 * with (ingestDataset tells it each spilled batch) and what the agent started on it, for
 * runAgents' inputFollowing; null when it does not follow.
 */
export function followInput(setup: InputFollowingSetup): { handoff: SpillHandoff; following: Following } | null {
  const firstId = setup.tool.agents.map((a) => a.id).find((id) => setup.agentIds.includes(id));
  const first = setup.tool.chained && firstId !== undefined ? setup.registry.get(firstId) : undefined;
  if (!first?.follow || firstId === undefined) return null;
  const handoff = new SpillHandoff();
  const following = first.follow({
    parameters: setup.parameters[firstId] ?? {},
    handoff,
    inputRows: null,
    inputBytes: setup.primaryBytes,
    signal: setup.signal,
  });
  return following ? { handoff, following } : null;
}

export interface AgentRunResult {
  outputs: AgentOutput[];
  files: { agentId: string; file: AgentFile }[];
  stoppedEarly: boolean;
}

function emptyOutput(agentId: string, status: AgentOutput["status"], ms: number): AgentOutput {
  return {
    status,
    agent_id: agentId,
    execution_time_ms: ms,
    alerts: [],
    issues: [],
    recommendations: [],
    row_level_issues: [],
    executive_summary: [],
    data: null,
  };
}

export async function runAgents(input: AgentRunInput): Promise<AgentRunResult> {
  const { agentIds, hooks, signal } = input;
  const ordered = input.tool.agents.map((a) => a.id).filter((id) => agentIds.includes(id));
  const outputs: AgentOutput[] = [];
  const files: AgentRunResult["files"] = [];
  const previous = new Map<string, AgentOutput>();
  const rowIssueSpill = new RowIssueSpill(input.spillDir);
  let primary = input.primary;
  const span = (100 - input.progressOffset) / Math.max(1, ordered.length);
  // A progress bar never goes back, even when an agent starts a second pass over the rows.
  let shown = input.progressOffset;
  const report = (percent: number, agentId: string, rows: number | undefined, step: string) => {
    shown = Math.max(shown, Math.round(percent));
    hooks.progress(shown, agentId, rows, step);
  };

  for (const agentId of ordered) {
    input.registry.get(agentId)?.prepare?.({ parameters: input.parameters[agentId] ?? {}, primary, signal });
  }

  // What the next agent's follow() started on the output of the agent running now.
  let following: Following | undefined = input.inputFollowing;
  try {
    for (const [index, agentId] of ordered.entries()) {
      if (signal.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was stopped before it finished");
      const agent = input.registry.get(agentId);
      // agentStarted is where the edge debits credits: an agent this engine lacks is never charged.
      if (agent && !(await hooks.agentStarted(agentId))) return { outputs, files, stoppedEarly: true };
      const followed = following;
      following = undefined;
      // The next agent may follow this one's output as it is written (Agent.follow).
      const nextId = ordered[index + 1];
      const next = agent && input.tool.chained && nextId !== undefined ? input.registry.get(nextId) : undefined;
      const handoff = next?.follow ? new SpillHandoff() : undefined;
      if (next?.follow && handoff) {
        following = next.follow({
          parameters: input.parameters[nextId] ?? {},
          handoff,
          inputRows: input.primaryRows,
          inputBytes: input.primaryBytes,
          signal,
        });
      }
      const base = input.progressOffset + index * span;
      report(base, agentId, 0, "starting");
      const started = performance.now();
      let output: AgentOutput;
      let outcome: AgentOutcome;
      if (!agent) {
        output = { ...emptyOutput(agentId, "skipped", 0), reason: NOT_AVAILABLE_REASON };
        outcome = { status: "skipped", execution_time_ms: 0 };
      } else {
        const rowIssues = rowIssueSpill.writer(agentId);
        try {
          const result = await agent.run({
            agentId,
            toolId: input.tool.id,
            parameters: input.parameters[agentId] ?? {},
            primary,
            baseline: input.baseline,
            previous,
            spillDir: input.spillDir,
            locale: input.locale,
            signal,
            rowIssues,
            handoff,
            followed,
            progress(rows, step = "processing") {
              const share = input.primaryRows > 0 ? Math.min(0.99, rows / input.primaryRows) : 0;
              report(base + share * span, agentId, rows, step);
            },
          });
          const ms = Math.round(performance.now() - started);
          const { files: agentFiles, nextPrimary, status, ...common } = result;
          // Same key order as before the spill: the inline list where the agent put it, the total last.
          const { row_level_issues, row_level_issues_total } = settleRowIssues(rowIssues, common.row_level_issues);
          output = {
            ...common,
            row_level_issues,
            status: status ?? "success",
            agent_id: agentId,
            execution_time_ms: ms,
            row_level_issues_total,
          };
          attachRowIssues(output, rowIssues);
          outcome = { status: output.status, execution_time_ms: ms };
          for (const file of agentFiles ?? []) files.push({ agentId, file });
          if (input.tool.chained && nextPrimary) primary = nextPrimary;
        } catch (err) {
          // A failed agent reports no row issues (its spill file goes with the spill folder).
          rowIssues.close();
          if (signal.aborted) throw new EngineError("COMPUTE_DEADLINE_EXCEEDED", "The job was stopped before it finished");
          const ms = Math.round(performance.now() - started);
          const code: ErrorCode = err instanceof EngineError ? err.code : "AGENT_FAILED";
          const message = err instanceof Error ? err.message : String(err);
          output = { ...emptyOutput(agentId, "error", ms), error: { code, message } };
          outcome = { status: "error", execution_time_ms: ms, error_code: code, system_failure: !USER_FAULT_CODES.has(code) };
        } finally {
          // Whatever the agent did, nothing more reaches the next one through the handoff.
          handoff?.abandon();
          followed?.stop();
        }
      }
      outputs.push(output);
      previous.set(agentId, output);
      report(base + span, agentId, undefined, "done");
      if (!(await hooks.agentCompleted(agentId, outcome))) return { outputs, files, stoppedEarly: true };
    }
    return { outputs, files, stoppedEarly: false };
  } finally {
    following?.stop();
  }
}
