/**
 * Refunds owed when a task fails for a reason of ours (compute unreachable, lost, past its
 * deadline, an internal error) rather than the user's data: every charged agent that left no
 * result is given back. A failure that is the input's fault (INPUT_UNREADABLE, …) or the wallet's
 * keeps its charges, as the work was done or refused on the user's side.
 */
import type { ErrorCode } from "@agensium/shared";
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { applyCreditChange } from "../db/ledger.js";
import { type Task, taskEvents } from "../db/schema/index.js";
import { chargedAgents, findTask } from "../db/tasks.js";

export const SYSTEM_FAILURE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "COMPUTE_UNAVAILABLE",
  "COMPUTE_LOST",
  "COMPUTE_BUSY",
  "COMPUTE_DEADLINE_EXCEEDED",
  "COMPUTE_QUEUE_TIMEOUT",
  "INTERNAL_ERROR",
  "SERVICE_UNAVAILABLE",
]);

export function isSystemFailure(code: string | null | undefined): boolean {
  return code != null && SYSTEM_FAILURE_CODES.has(code as ErrorCode);
}

/** One agent's credits back, at most once per task and agent (the idempotency key is shared with per-agent refunds). */
export async function refundAgent(db: Database, task: Task, agentId: string, credits: number, why: string): Promise<void> {
  await applyCreditChange(db, {
    userId: task.userId,
    delta: credits,
    type: "REFUND",
    reason: `${agentId} ${why} on ${task.toolId}`,
    agentId,
    toolId: task.toolId,
    taskId: task.taskId,
    idempotencyKey: `refund:${task.taskId}:${agentId}`,
  });
}

/** Agents whose success the task's history records, for the attempt that produced the outputs. */
async function agentsWithResults(db: Database, task: Task): Promise<Set<string>> {
  if (!task.manifestKey) return new Set();
  const rows = await db
    .select({ payload: taskEvents.payload })
    .from(taskEvents)
    .where(and(eq(taskEvents.taskId, task.taskId), eq(taskEvents.type, "callback.agent_completed")));
  const done = new Set<string>();
  for (const { payload } of rows) {
    const event = payload as { agent_id?: string; status?: string; attempt?: number } | null;
    if (event?.status === "success" && event.attempt === task.attempt && event.agent_id) done.add(event.agent_id);
  }
  return done;
}

/**
 * Called after a task became FAILED: when the failure is the system's, refunds each charged
 * agent without a result. Reads the task again so it acts on the state that was written.
 */
export async function refundSystemFailure(db: Database, taskId: string): Promise<number> {
  const task = await findTask(db, taskId);
  if (task?.status !== "FAILED" || !isSystemFailure(task.errorCode)) return 0;
  const [charged, kept] = await Promise.all([chargedAgents(db, taskId), agentsWithResults(db, task)]);
  let refunded = 0;
  for (const [agentId, credits] of charged) {
    if (credits <= 0 || kept.has(agentId)) continue;
    await refundAgent(db, task, agentId, credits, `produced no result (${task.errorCode})`);
    refunded++;
  }
  return refunded;
}
