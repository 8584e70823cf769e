/**
 * What each compute callback does to a task. Callbacks of an older attempt or for a cancelled
 * task answer 409 so compute stops; an event id already recorded for the task answers 200 and
 * changes nothing; a debit the wallet cannot cover fails the task and answers 402.
 */
import { type CallbackEvent, findTool } from "@agensium/shared";
import type { Database } from "../db/client.js";
import { applyCreditChange } from "../db/ledger.js";
import type { Task } from "../db/schema/index.js";
import {
  agentCostsFor,
  chargedAgents,
  hasTaskEvent,
  recordTaskEvent,
  transitionTask,
  updateTaskWhile,
  writeHeartbeat,
  writeProgress,
} from "../db/tasks.js";
import { ApiError } from "../errors.js";
import { refundAgent, refundSystemFailure } from "./tasks-refunds.js";

export interface CallbackResult {
  task_id: string;
  event_id: string;
  /** false when the event id was seen before and nothing changed. */
  applied: boolean;
}

function stop(task: Task, why: string): ApiError {
  return new ApiError("TASK_INVALID_STATE", why, { status: task.status, attempt: task.attempt });
}

export async function applyCallback(db: Database, task: Task, event: CallbackEvent): Promise<CallbackResult> {
  const result = (applied: boolean): CallbackResult => ({ task_id: task.taskId, event_id: event.event_id, applied });
  if (task.status === "CANCELLED") throw stop(task, "The task was cancelled; stop working on it");
  if (event.attempt !== task.attempt) throw stop(task, `Attempt ${event.attempt} was superseded by attempt ${task.attempt}`);
  // Progress is not history: one guarded UPDATE, no event row (seq makes replays harmless).
  if (event.type === "progress") {
    const set = {
      progress: Math.round(event.progress),
      rowsProcessed: event.rows_processed ?? null,
      step: event.step ?? null,
      ...(event.agent_id ? { currentAgent: event.agent_id } : {}),
    };
    if (await writeProgress(db, { taskId: task.taskId, attempt: event.attempt, seq: event.seq, set })) return result(true);
    if (task.status !== "PROCESSING") throw stop(task, `The task is ${task.status}, not PROCESSING`);
    return result(false);
  }
  if (await hasTaskEvent(db, task.taskId, event.event_id)) {
    // Compute resends a `failed` it got no answer to: finish refunds the first delivery may have left undone (each is idempotent).
    if (event.type === "failed") await refundSystemFailure(db, task.taskId);
    return result(false);
  }

  const transition = async (from: Task["status"][], to: Task["status"], set: Parameters<typeof transitionTask>[1]["set"]) => {
    const outcome = await transitionTask(db, {
      taskId: task.taskId,
      from,
      to,
      set,
      eventId: event.event_id,
      eventType: `callback.${event.type}`,
      payload: event as unknown as Record<string, unknown>,
    });
    if (outcome === "not_applicable") throw stop(task, `A ${event.type} callback does not apply to a ${task.status} task`);
    return result(outcome === "applied");
  };
  const record = async () =>
    result(await recordTaskEvent(db, { taskId: task.taskId, eventId: event.event_id, type: `callback.${event.type}`, payload: event }));
  const now = new Date();

  switch (event.type) {
    case "started":
      if (task.status === "PROCESSING") return record();
      return transition(["QUEUED"], "PROCESSING", {
        processingStartedAt: now,
        heartbeatAt: now,
        progress: 0,
        progressSeq: 0,
        rowsProcessed: null,
        step: null,
      });

    case "agent_started": {
      if (task.status !== "PROCESSING") throw stop(task, `The task is ${task.status}, not PROCESSING`);
      if (!task.agents.includes(event.agent_id)) {
        throw new ApiError("AGENT_NOT_IN_TOOL", `${event.agent_id} is not one of this task's agents`, { agent_id: event.agent_id });
      }
      await debitAgent(db, task, event.agent_id, event.event_id);
      await updateTaskWhile(db, task.taskId, ["PROCESSING"], { currentAgent: event.agent_id, heartbeatAt: now });
      return record();
    }

    case "heartbeat": {
      const beat = { progress: Math.round(event.progress), agentId: event.agent_id, at: now };
      if (!(await writeHeartbeat(db, task.taskId, beat))) throw stop(task, `The task is ${task.status}, not PROCESSING`);
      return record();
    }

    case "agent_completed": {
      // Before any ledger effect: a late or forged completion on a finished task moves no credits.
      if (task.status !== "PROCESSING") throw stop(task, `The task is ${task.status}, not PROCESSING`);
      // A system failure is ours, and a skipped agent (e.g. drift without a baseline) did no work: neither is paid for.
      if (event.status === "skipped") await refundChargedAgent(db, task, event.agent_id, "was skipped (not applicable to this input)");
      if (event.status === "error" && event.system_failure)
        await refundChargedAgent(db, task, event.agent_id, "failed for a system reason");
      await updateTaskWhile(db, task.taskId, ["PROCESSING"], { heartbeatAt: now });
      return record();
    }

    case "completed": {
      const outputs = { manifestKey: event.manifest_key, resultSummary: event.summary };
      // A run stopped for lack of credits keeps what the agents before it produced.
      if (task.status === "FAILED" && task.errorCode === "BILLING_INSUFFICIENT_CREDITS") {
        await updateTaskWhile(db, task.taskId, ["FAILED"], outputs);
        return record();
      }
      return transition(["PROCESSING"], "COMPLETED", { ...outputs, progress: 100, currentAgent: null, step: null, completedAt: now });
    }

    case "failed": {
      const outcome = await transition(["QUEUED", "PROCESSING"], "FAILED", {
        errorCode: event.error_code,
        errorMessage: event.error_message,
        failedAt: now,
        currentAgent: null,
        step: null,
      });
      // Compute lost, past its deadline or crashed: the charged agents that left no result are refunded.
      await refundSystemFailure(db, task.taskId);
      return outcome;
    }
  }
}

/** Debits the agent's cost once per task and agent; fails the task and answers 402 when the wallet cannot. */
async function debitAgent(db: Database, task: Task, agentId: string, eventId: string): Promise<void> {
  const cost = (await agentCostsFor(db, [agentId])).get(agentId) ?? findTool(task.toolId)?.agents.find((a) => a.id === agentId)?.cost ?? 0;
  if (cost <= 0) return;
  const change = await applyCreditChange(db, {
    userId: task.userId,
    delta: -cost,
    type: "CONSUME",
    reason: `${agentId} on ${task.toolId}`,
    agentId,
    toolId: task.toolId,
    taskId: task.taskId,
    idempotencyKey: `consume:${task.taskId}:${agentId}`,
  });
  if (change.status !== "insufficient") return;
  const message = `${agentId} needs ${change.required} credits; the wallet holds ${change.available}`;
  await transitionTask(db, {
    taskId: task.taskId,
    from: ["PROCESSING"],
    to: "FAILED",
    set: { errorCode: "BILLING_INSUFFICIENT_CREDITS", errorMessage: message, failedAt: new Date(), currentAgent: null },
    eventId,
    eventType: "callback.agent_started",
    payload: { agent_id: agentId, required: change.required, available: change.available },
  });
  throw new ApiError("BILLING_INSUFFICIENT_CREDITS", message, {
    required: change.required,
    available: change.available,
    agent_id: agentId,
  });
}

/** An agent that failed for a system reason or was skipped gives its credits back, once. */
async function refundChargedAgent(db: Database, task: Task, agentId: string, why: string): Promise<void> {
  const charged = (await chargedAgents(db, task.taskId)).get(agentId);
  if (charged) await refundAgent(db, task, agentId, charged, why);
}
