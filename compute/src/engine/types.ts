/**
 * The contracts inside compute: what readers produce (Dataset), what an agent is (Agent),
 * and how the job runner hears about progress (RunHooks). Agents are pure: they read batches
 * and parameters and return results; readers, writers and the runner do the I/O.
 */
import type { AgentOutput, ErrorCode, InputFormat, Job, ManifestEntry, ReadingLocale, RowLevelIssue, RunSummary } from "@agensium/shared";
import type { RecordBatch } from "apache-arrow";
import type { BoundedReport } from "../reports/bounded-report.js";
import type { SpillHandoff } from "./spill-handoff.js";

/**
 * One slice of rows. Every column is Arrow Utf8 holding the field's text as written in the file
 * (JSON/Parquet values rendered as text); a missing field is null, an empty field is "".
 * Row i of the batch is data row `firstRow + i` of the user's file (1-based, header excluded),
 * so row-level issues point where the user can find them.
 */
export interface DataBatch {
  batch: RecordBatch;
  firstRow: number;
  /**
   * CSV/TSV input: the 1-based physical line of the file where row 0 starts, and, when the
   * rows do not start on consecutive lines (multi-line quoted fields, blank lines), the line of
   * each row. Rows left out by the reader (ragged ones) leave a gap in the row numbers.
   */
  firstLine?: number;
  lines?: Int32Array;
}

/** A readable input: re-iterable, each call to batches() is a fresh streaming pass. */
export interface Dataset {
  role: "primary" | "baseline";
  format: InputFormat;
  /** Column names in file order (dotted paths for flattened JSON). */
  columns: string[];
  batches(signal?: AbortSignal): AsyncIterable<DataBatch>;
  /**
   * The same batches, each valid (with every view of its cells) only until the next one is asked
   * for, where the dataset can read them into reused buffers. For passes that keep nothing of a
   * batch once past it; scanBatches() falls back to batches() for a dataset without it.
   */
  transientBatches?(signal?: AbortSignal): AsyncIterable<DataBatch>;
}

/** The batches of `dataset` for a pass that keeps nothing of a batch once it asks for the next. */
export function scanBatches(dataset: Dataset, signal?: AbortSignal): AsyncIterable<DataBatch> {
  return dataset.transientBatches ? dataset.transientBatches(signal) : dataset.batches(signal);
}

/** What an agent may add to the run's outputs besides its report section (e.g. cleaned.csv). */
export interface AgentFile {
  fileName: string;
  kind: ManifestEntry["kind"];
  contentType: string;
  /** Produced lazily by the writer so large files stream. */
  chunks(): AsyncIterable<Uint8Array>;
}

/** Where an agent puts row-level issues as it finds them (engine/row-issue-spill.ts writes them to disk). */
export interface RowIssueSink {
  add(issue: RowLevelIssue): void;
  /**
   * add() of an issue given as its row_issues.csv line (rowIssueLine's for this agent) in UTF-8,
   * bytes[start..end); the issue is made only if it is kept inline, by `issue`, before this returns.
   */
  addBytes?(bytes: Uint8Array, start: number, end: number, issue: () => RowLevelIssue): void;
}

export interface AgentContext<P = Record<string, unknown>> {
  agentId: string;
  toolId: string;
  /** This agent's parameter block, already validated and defaulted by the tool's zod schema. */
  parameters: P;
  primary: Dataset;
  baseline?: Dataset;
  /** Outputs of the agents that ran before this one in this run, by agent id. */
  previous: ReadonlyMap<string, AgentOutput>;
  /** A private folder for spill files, removed after the run. */
  spillDir: string;
  /** How the user said numbers and dates are written (input.locale, …); absent: detected per column. */
  locale?: ReadingLocale | null;
  signal: AbortSignal;
  /**
   * Reports rows processed so far in this agent, and what it is doing ("scanning", "writing", …;
   * "processing" when not said). Cheap: the runner throttles what goes to the edge.
   */
  progress(rowsProcessed: number, step?: string): void;
  /**
   * Row-level issues go here as they are found, so a run's memory does not grow with their number;
   * issues returned in `row_level_issues` are added after the ones given here. Absent when an agent
   * is run outside the runner: it then returns its issues.
   */
  rowIssues?: RowIssueSink;
  /**
   * Present when the next agent of a chain follows this one's output (Agent.follow): the dataset
   * this agent hands on (nextPrimary) is to be written with it, so its batches are told there as
   * they land on disk.
   */
  handoff?: SpillHandoff;
  /** What this agent's follow() started on the dataset the agent ahead of it wrote, when it did. */
  followed?: Following;
}

/** What an agent returns; the runner adds agent_id, execution_time_ms and status. */
export type AgentResult<D = unknown> = Omit<AgentOutput<D>, "agent_id" | "execution_time_ms" | "status"> & {
  status?: "success" | "skipped";
  files?: AgentFile[];
  /** For chained tools: the dataset the next agent reads instead of the current primary. */
  nextPrimary?: Dataset;
};

/** What an agent is told when its run starts, before the agents ahead of it in the chain run. */
export interface AgentPreparation<P = Record<string, unknown>> {
  parameters: P;
  /** The run's input, the one the chain starts from. */
  primary: Dataset;
  signal: AbortSignal;
}

/** What an agent is told before the agent ahead of it in a chain runs, when it may follow that agent's output. */
export interface AgentFollowing<P = Record<string, unknown>> {
  parameters: P;
  /** Where the agent ahead (or, for the chain's first agent, the reader) tells the batches of the dataset it writes for this one. */
  handoff: SpillHandoff;
  /** Rows of the run's input (the chain's datasets hold no more); null while the input itself is being read. */
  inputRows: number | null;
  /** Bytes of the run's input file. */
  inputBytes: number;
  signal: AbortSignal;
}

/** Work an agent started on its input while it was being written; stopped by the runner once the agent has run. */
export interface Following {
  stop(): void;
}

export interface Agent<P = Record<string, unknown>, D = unknown> {
  id: string;
  run(ctx: AgentContext<P>): Promise<AgentResult<D>>;
  /**
   * Called for every agent of a run before the first one runs: an agent whose work on the input
   * does not depend on the agents ahead of it may start it here, on a core they leave idle
   * (cleanse-previewer's snapshot of the upload). It must not throw or block.
   */
  prepare?(input: AgentPreparation<P>): void;
  /**
   * Called in a chain just before the agent ahead of this one runs: an agent whose first pass
   * reads its input batch by batch may start it here, on another thread, on the batches the
   * handoff tells of, while the agent ahead still writes the rest. What it returns reaches run()
   * as ctx.followed; run() must check that its input is the dataset followed (the agent ahead may
   * fail or hand on its own input), and do the pass itself when not. It must not throw or block.
   */
  follow?(input: AgentFollowing<P>): Following | undefined;
}

/** A failure that is the input's fault or the job's, with a stable code for the task. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

export interface AgentOutcome {
  status: AgentOutput["status"];
  execution_time_ms: number;
  error_code?: ErrorCode;
  /** true when the agent failed for a system reason, not because of the user's data. */
  system_failure?: boolean;
}

/** How the runner talks to whoever runs it (the job runner sends callbacks; the CLI prints). */
export interface RunHooks {
  /** Before each agent. false = stop now (the edge answered 402 or 409). */
  agentStarted(agentId: string): Promise<boolean>;
  /** Progress 0–100 of the whole run, with the current agent's rows and step; cheap to call often, the caller throttles. */
  progress(percent: number, agentId?: string, rowsProcessed?: number, step?: string): void;
  /** After each agent. false = stop now. */
  agentCompleted(agentId: string, outcome: AgentOutcome): Promise<boolean>;
}

export interface RunResult {
  outputs: ManifestEntry[];
  manifestKey: string;
  /** What report.json holds. */
  report: BoundedReport;
  /** When each output (by file name) was stored. */
  storedAt: ReadonlyMap<string, Date>;
  summary: RunSummary;
  /** Set when a hook asked to stop before every agent ran. */
  stoppedEarly: boolean;
}

export type { Job };
