/**
 * Getting a task to compute: the queue message, the job compute receives (HMAC-signed), and
 * the HTTP call itself. The consumer decides what to do with the outcome.
 */
import { findTool, INPUT_FORMATS, type Job, newId, signRequest, type TaskStatus } from "@agensium/shared";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { type DeclaredInput, type Task, tasks } from "../db/schema/index.js";
import { transitionTask } from "../db/tasks.js";
import type { Config } from "../env.js";
import { analyticsPrefix, outputPrefix, parametersKey } from "./tasks.js";

/** What travels on the queue: just enough to find the task and tell attempts apart. */
export interface TaskMessage {
  task_id: string;
  attempt: number;
  /** Set once compute first answered busy for this attempt; later deferrals carry it on. */
  busy_since?: string;
}

export function isTaskMessage(value: unknown): value is TaskMessage {
  const v = value as TaskMessage;
  return typeof v === "object" && v !== null && typeof v.task_id === "string" && typeof v.attempt === "number";
}

export async function enqueueTask(config: Config, message: TaskMessage, delaySeconds = 0): Promise<void> {
  if (!config.TASK_QUEUE) throw new Error("The TASK_QUEUE binding is not configured");
  await config.TASK_QUEUE.send(message, delaySeconds > 0 ? { delaySeconds } : undefined);
}

function jobInput(input: DeclaredInput) {
  return { key: input.key, format: INPUT_FORMATS[input.extension].format, size_bytes: input.size_bytes };
}

export function callbackUrl(config: Config, taskId: string): string {
  return new URL(`/internal/tasks/${taskId}/callbacks`, config.PUBLIC_URL).toString();
}

export function buildJob(config: Config, task: Task): Job {
  const primary = task.inputs?.primary;
  if (!primary) throw new Error(`task ${task.taskId} has no primary input`);
  const tool = findTool(task.toolId);
  // A baseline is passed only when one of the chosen agents reads it.
  const readsBaseline = tool?.agents.some((a) => task.agents.includes(a.id) && a.inputs.some((i) => i.role === "baseline")) ?? false;
  const baseline = readsBaseline ? task.inputs?.baseline : undefined;
  if (!task.jobId) throw new Error(`task ${task.taskId} has no job for attempt ${task.attempt}`);
  return {
    // Fixed per attempt (set by queueTask), so a redelivered dispatch names the job compute may already run.
    job_id: task.jobId,
    task_id: task.taskId,
    user_id: task.userId,
    tool_id: task.toolId,
    agents: task.agents,
    attempt: task.attempt,
    inputs: { primary: jobInput(primary), ...(baseline ? { baseline: jobInput(baseline) } : {}) },
    ...(task.hasParameters ? { parameters_key: parametersKey(task.userId, task.taskId) } : {}),
    output_prefix: outputPrefix(task.userId, task.taskId),
    analytics_prefix: analyticsPrefix(task.userId, task.taskId),
    callback_url: callbackUrl(config, task.taskId),
    deadline: new Date(Date.now() + config.JOB_DEADLINE_MINUTES * 60_000).toISOString(),
  };
}

/**
 * `busy`: compute answered 429, every slot taken; the task waits for capacity and this costs no
 * retry. Anything else that is not a 202 (5xx, no answer) is a failed delivery.
 */
export type PostJobOutcome =
  | { accepted: true }
  | { accepted: false; busy: true; retryAfterSeconds: number; reason: string }
  | { accepted: false; busy: false; reason: string };

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), kept within [1, max]. */
export function retryAfterSeconds(header: string | null, fallback: number, max: number, now = Date.now()): number {
  let seconds = fallback;
  if (header && /^\d+$/.test(header.trim())) seconds = Number(header.trim());
  else if (header && !Number.isNaN(Date.parse(header))) seconds = Math.ceil((Date.parse(header) - now) / 1000);
  return Math.min(Math.max(1, seconds), Math.max(1, max));
}

const POST_TIMEOUT_MS = 15_000;
const JOBS_PATH = "/jobs";
/** How long a busy answer without Retry-After makes the task wait. */
const BUSY_FALLBACK_SECONDS = 5;

/** POSTs the signed job; only a 202 counts as accepted (429, 5xx and network errors are retried). */
export async function postJob(config: Config, job: Job): Promise<PostJobOutcome> {
  const body = JSON.stringify(job);
  const signed = { method: "POST", path: JOBS_PATH, jobId: job.job_id, body };
  const headers = { "content-type": "application/json", ...(await signRequest(config.COMPUTE_SHARED_SECRET, signed)) };
  try {
    const res = await fetch(new URL(JOBS_PATH, config.COMPUTE_URL), {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status === 202) return { accepted: true };
    const reason = `compute answered ${res.status}: ${text.slice(0, 200)}`;
    if (res.status === 429) {
      const wait = retryAfterSeconds(res.headers.get("retry-after"), BUSY_FALLBACK_SECONDS, config.QUEUE_RETRY_MAX_SECONDS);
      return { accepted: false, busy: true, retryAfterSeconds: wait, reason };
    }
    return { accepted: false, busy: false, reason };
  } catch (err) {
    return { accepted: false, busy: false, reason: `compute unreachable: ${(err as Error).message}` };
  }
}

/** Exponential backoff for the n-th failed delivery (1-based). */
export function retryDelaySeconds(config: Config, attempts: number): number {
  return Math.min(config.QUEUE_RETRY_BASE_SECONDS * 2 ** Math.max(0, attempts - 1), config.QUEUE_RETRY_MAX_SECONDS);
}

/**
 * Moves a task to QUEUED for a new attempt and sends its queue message. False when the task
 * was no longer in one of `from` (another request won).
 */
export async function queueTask(
  deps: { db: Database; config: Config },
  task: Task,
  from: readonly TaskStatus[],
  eventType: string,
  payload?: Record<string, unknown>,
): Promise<boolean> {
  const attempt = task.attempt + 1;
  const result = await transitionTask(deps.db, {
    taskId: task.taskId,
    from,
    to: "QUEUED",
    set: {
      attempt,
      jobId: newId("job"),
      queuedAt: new Date(),
      dispatchedAt: null,
      heartbeatAt: null,
      progress: 0,
      currentAgent: null,
      errorCode: null,
      errorMessage: null,
    },
    where: eq(tasks.attempt, task.attempt),
    eventType,
    payload: { attempt, ...payload },
  });
  if (result !== "applied") return false;
  await enqueueTask(deps.config, { task_id: task.taskId, attempt });
  return true;
}
