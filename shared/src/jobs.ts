import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "./errors.js";
import { INPUT_FORMATS } from "./formats.js";
import { runSummarySchema } from "./report/summary.js";

const formats = [...new Set(Object.values(INPUT_FORMATS).map((f) => f.format))] as [string, ...string[]];

export const jobInputSchema = z.object({
  key: z.string().min(1),
  format: z.enum(formats),
  size_bytes: z.number().int().nonnegative(),
});

/** What the edge POSTs to compute (HMAC-signed) to run one task. */
export const jobSchema = z.object({
  job_id: z.string().min(1),
  task_id: z.string().min(1),
  user_id: z.string().min(1),
  tool_id: z.string().min(1),
  agents: z.array(z.string().min(1)).min(1),
  attempt: z.number().int().min(1),
  inputs: z.object({ primary: jobInputSchema, baseline: jobInputSchema.optional() }),
  parameters_key: z.string().min(1).optional(),
  output_prefix: z.string().min(1),
  /**
   * Where compute writes the task's warehouse rows (analysis_metadata, analysis_reports,
   * downloads). Absent for runs that have no warehouse behind them (the local profile command).
   */
  analytics_prefix: z.string().min(1).optional(),
  callback_url: z.string().url(),
  /** ISO time after which compute gives up and reports COMPUTE_DEADLINE_EXCEEDED. */
  deadline: z.string().datetime(),
});
export type Job = z.infer<typeof jobSchema>;

export const outputKinds = ["report", "data", "quarantine", "row_issues", "recipe", "lineage", "manifest", "other"] as const;

export const manifestEntrySchema = z.object({
  file_name: z.string().min(1),
  key: z.string().min(1),
  kind: z.enum(outputKinds),
  content_type: z.string().min(1),
  size_bytes: z.number().int().nonnegative(),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export const manifestSchema = z.object({
  task_id: z.string(),
  created_at: z.string(),
  outputs: z.array(manifestEntrySchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

const errorCode = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

const base = { event_id: z.string().min(1).max(100), attempt: z.number().int().min(1) };

/** Events compute reports to `POST /internal/tasks/:id/callbacks`. */
export const callbackEventSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("started") }),
  z.object({ ...base, type: z.literal("agent_started"), agent_id: z.string().min(1) }),
  z.object({
    ...base,
    type: z.literal("heartbeat"),
    progress: z.number().min(0).max(100),
    agent_id: z.string().optional(),
    rows_processed: z.number().int().nonnegative().optional(),
  }),
  /**
   * Live progress, sent every second or two while compute works and at each agent's start and
   * end. Not recorded as an event: the edge keeps only the newest (highest `seq`) in the task row.
   */
  z.object({
    ...base,
    type: z.literal("progress"),
    /** Increases with every progress event of a job attempt; an older or repeated one changes nothing. */
    seq: z.number().int().min(1),
    progress: z.number().min(0).max(100),
    agent_id: z.string().min(1).max(100).optional(),
    /** Rows the current agent has been through so far. */
    rows_processed: z.number().int().nonnegative().optional(),
    /** What the agent is doing, in its own words: "reading", "scanning", "writing", … */
    step: z.string().min(1).max(40).optional(),
  }),
  z.object({
    ...base,
    type: z.literal("agent_completed"),
    agent_id: z.string().min(1),
    status: z.enum(["success", "error", "skipped"]),
    execution_time_ms: z.number().nonnegative(),
    error_code: errorCode.optional(),
    /** true when the agent failed for a system reason (not the user's data): its credits are refunded. */
    system_failure: z.boolean().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("completed"),
    manifest_key: z.string().min(1),
    outputs: z.array(manifestEntrySchema),
    summary: runSummarySchema,
  }),
  z.object({ ...base, type: z.literal("failed"), error_code: errorCode, error_message: z.string().max(2_000) }),
]);
export type CallbackEvent = z.infer<typeof callbackEventSchema>;
export type CallbackEventType = CallbackEvent["type"];
