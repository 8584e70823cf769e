/**
 * Runs one job: reports `started`, runs the tool with hooks that turn agent boundaries into
 * callbacks, sends heartbeats with the latest progress, and ends with `completed` or `failed`.
 * A 409 (cancelled, superseded) stops the job without a final callback; a 402 stops the
 * agents but still reports the outputs of those that ran. Before the final callback the run's
 * warehouse rows are exported (analytics/), so they are in storage by the time the task ends.
 */
import type { CallbackEvent, ErrorCode, Job } from "@agensium/shared";
import { exportAnalytics } from "../analytics/export-analytics.js";
import type { FinishedRun } from "../analytics/rows.js";
import type { ComputeConfig } from "../config.js";
import { b2Store } from "../engine/object-store.js";
import { runTool } from "../engine/run-tool.js";
import { type AgentOutcome, EngineError, type RunHooks, type RunResult } from "../engine/types.js";
import type { B2 } from "../storage/b2.js";
import { type CallbackAnswer, CallbackClient } from "./callback-client.js";
import { ProgressReporter } from "./progress-reporter.js";

export interface JobDeps {
  config: ComputeConfig;
  b2: B2;
  log: (fields: Record<string, unknown>) => void;
  /** Callback retry backoff; tests of the retry path shorten it. */
  callbackBackoffMs?: number;
}

type StopReason = "cancelled" | "deadline" | "callbacks_failed";

class JobStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`job stopped: ${reason}`);
  }
}

type EventBody = CallbackEvent extends infer E ? (E extends CallbackEvent ? Omit<E, "event_id" | "attempt"> : never) : never;

export async function runJob(job: Job, deps: JobDeps): Promise<void> {
  const client = new CallbackClient({
    url: job.callback_url,
    secret: deps.config.COMPUTE_SHARED_SECRET,
    jobId: job.job_id,
    backoffMs: deps.callbackBackoffMs,
    log: deps.log,
  });
  const controller = new AbortController();
  let stopReason: StopReason | undefined;
  let rejectStop: (err: JobStopped) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  stopped.catch(() => {});
  const stopJob = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    controller.abort(new JobStopped(reason));
    rejectStop(new JobStopped(reason));
  };

  let heartbeatSeq = 0;
  // Event ids are fixed per job and step, so a resent callback is recognised as a replay.
  const send = async (event: EventBody, eventId: string): Promise<CallbackAnswer> => {
    try {
      const answer = await client.send({ ...event, event_id: eventId, attempt: job.attempt } as CallbackEvent);
      if (answer === "stop") stopJob("cancelled");
      return answer;
    } catch (err) {
      deps.log({ level: "error", msg: "callback failed", task_id: job.task_id, error: (err as Error).message });
      stopJob("callbacks_failed");
      return "stop";
    }
  };

  // Progress is superseded within a second, so it is retried once at most, and a lost one never stops the job.
  const progressClient = new CallbackClient({
    url: job.callback_url,
    secret: deps.config.COMPUTE_SHARED_SECRET,
    jobId: job.job_id,
    retries: 1,
    backoffMs: 200,
    timeoutMs: 5_000,
    log: deps.log,
  });
  const progress = new ProgressReporter({
    jobId: job.job_id,
    intervalMs: deps.config.PROGRESS_INTERVAL_MS,
    async send(event, eventId) {
      try {
        const answer = await progressClient.send({ ...event, event_id: eventId, attempt: job.attempt });
        // After a 402 the task is FAILED on purpose and the outputs so far are still to be reported: that 409 is expected.
        if (answer === "stop" && !outOfCredits) stopJob("cancelled");
      } catch (err) {
        deps.log({ level: "warn", msg: "progress callback lost", task_id: job.task_id, error: (err as Error).message });
      }
    },
  });

  const deadlineMs = Date.parse(job.deadline) - Date.now();
  const deadlineTimer = setTimeout(() => stopJob("deadline"), Math.max(0, deadlineMs));
  let heartbeat: NodeJS.Timeout | undefined;
  // Heartbeats and progress start once the edge has the task PROCESSING, and end when it stops paying.
  const startHeartbeats = () => {
    heartbeat = setInterval(() => {
      const latest = progress.state;
      void send(
        { type: "heartbeat", progress: latest.progress, agent_id: latest.agentId, rows_processed: latest.rows },
        `${job.job_id}:heartbeat:${++heartbeatSeq}`,
      );
    }, deps.config.HEARTBEAT_INTERVAL_MS);
    progress.start();
  };
  const stopHeartbeats = () => {
    clearInterval(heartbeat);
    progress.stop();
  };

  let outOfCredits = false;
  const agentOutcomes: FinishedRun["agentOutcomes"] = [];
  let unpaidAgent: string | undefined;
  const hooks: RunHooks = {
    async agentStarted(agentId) {
      if (stopReason) return false;
      const answer = await send({ type: "agent_started", agent_id: agentId }, `${job.job_id}:agent_started:${agentId}`);
      if (answer === "no_credits") {
        outOfCredits = true;
        unpaidAgent = agentId;
        stopHeartbeats();
      }
      return answer === "ok" || answer === "rejected" ? !stopReason : false;
    },
    progress(percent, agentId, rowsProcessed, step) {
      const clamped = Math.max(0, Math.min(100, percent));
      progress.update({ progress: clamped, agentId: agentId ?? progress.state.agentId, rows: rowsProcessed, step });
    },
    async agentCompleted(agentId, outcome: AgentOutcome) {
      agentOutcomes.push({ agentId, outcome });
      if (stopReason) return false;
      // The agent's end state reaches the edge before its agent_completed does.
      await progress.flush();
      const answer = await send(
        {
          type: "agent_completed",
          agent_id: agentId,
          status: outcome.status,
          execution_time_ms: outcome.execution_time_ms,
          error_code: outcome.error_code,
          system_failure: outcome.system_failure,
        },
        `${job.job_id}:agent_completed:${agentId}`,
      );
      return answer !== "stop" && answer !== "no_credits" && !stopReason;
    },
  };

  const startedAt = new Date();
  // Never fails the task: the user's outputs are written; a lost export is logged.
  const exportRun = async (run: Omit<FinishedRun, "job" | "bucket" | "startedAt" | "endedAt" | "agentOutcomes">) => {
    if (!job.analytics_prefix) return;
    try {
      const files = await exportAnalytics(b2Store(deps.b2), job.analytics_prefix, {
        ...run,
        job,
        agentOutcomes,
        bucket: deps.config.B2_BUCKET,
        startedAt,
        endedAt: new Date(),
      });
      deps.log({ level: "info", msg: "analytics exported", task_id: job.task_id, files: files.length });
    } catch (err) {
      deps.log({ level: "error", msg: "analytics export failed", task_id: job.task_id, error: (err as Error).message });
    }
  };

  try {
    if ((await send({ type: "started" }, `${job.job_id}:started`)) !== "ok" && !stopReason) return;
    if (stopReason) throw new JobStopped(stopReason);
    startHeartbeats();
    const result: RunResult = await Promise.race([
      runTool({ job, b2: deps.b2, config: deps.config, signal: controller.signal, hooks }),
      stopped,
    ]);
    if (stopReason) throw new JobStopped(stopReason);
    stopHeartbeats();
    // After a 402 the edge has the task FAILED with that code, keeping the outputs of the agents that ran.
    await exportRun({
      status: outOfCredits ? "FAILED" : "COMPLETED",
      error: outOfCredits
        ? { code: "BILLING_INSUFFICIENT_CREDITS", message: `The wallet could not pay for ${unpaidAgent}; the agents before it ran` }
        : undefined,
      report: result.report,
      outputs: result.outputs.map((entry) => ({ entry, createdAt: result.storedAt.get(entry.file_name) ?? new Date() })),
    });
    await send(
      { type: "completed", manifest_key: result.manifestKey, outputs: result.outputs, summary: result.summary },
      `${job.job_id}:completed`,
    );
    deps.log({
      level: "info",
      msg: "job finished",
      task_id: job.task_id,
      attempt: job.attempt,
      out_of_credits: outOfCredits,
      stopped_early: result.stoppedEarly,
    });
  } catch (err) {
    stopHeartbeats();
    const failure = describeFailure(err, stopReason);
    if (failure) {
      deps.log({ level: "warn", msg: "job failed", task_id: job.task_id, code: failure.code, error: failure.message });
      await exportRun({ status: "FAILED", error: failure, outputs: [] });
      await send({ type: "failed", error_code: failure.code, error_message: failure.message }, `${job.job_id}:failed`);
    } else {
      deps.log({ level: "info", msg: "job stopped", task_id: job.task_id, reason: stopReason });
    }
  } finally {
    clearTimeout(deadlineTimer);
    stopHeartbeats();
  }
}

/** The failed callback for an error; undefined when the edge told us to stop (nothing to report). */
function describeFailure(err: unknown, stopReason: StopReason | undefined): { code: ErrorCode; message: string } | undefined {
  if (stopReason === "deadline") return { code: "COMPUTE_DEADLINE_EXCEEDED", message: "The job passed its deadline" };
  if (stopReason) return undefined;
  if (err instanceof EngineError) return { code: err.code, message: err.message.slice(0, 2_000) };
  return { code: "INTERNAL_ERROR", message: "The engine failed unexpectedly" };
}
