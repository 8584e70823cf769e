/**
 * POST /internal/tasks/:id/callbacks as compute calls it. The task is put in the state a
 * dispatch leaves it in (QUEUED, attempt 1) directly in the database, so no compute runs it
 * and these callbacks are the only ones it gets.
 */
import { newId } from "@agensium/shared";
import { describe, expect, inject, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { createTask, currentJobId, eventId, sendCallback } from "./helpers.js";

/** A run summary as compute writes it (shared runSummarySchema): one agent ran before the credits ran out. */
const partialRunSummary = {
  rows: 3,
  columns: 2,
  stopped_early: true,
  agents: [
    {
      agent_id: "unified-profiler",
      status: "success" as const,
      execution_time_ms: 12,
      alerts: 0,
      critical_alerts: 0,
      issues: 0,
      row_issues: 0,
      headline: [{ title: "Rows", value: 3, status: "good" as const }],
    },
  ],
};
const emptyRunSummary = { rows: 0, columns: 0, stopped_early: false, agents: [] };

async function queuedTask(user: TestUser, agents: string[]) {
  const task = await createTask(user, { tool_id: "profile-my-data", agents });
  await testDb().query("UPDATE tasks SET status = 'QUEUED', attempt = 1, queued_at = NOW(3), dispatched_at = NOW(3) WHERE task_id = ?", [
    task.task_id,
  ]);
  return task.task_id;
}

async function processingTask(user: TestUser, agents: string[]) {
  const taskId = await queuedTask(user, agents);
  const res = await sendCallback(taskId, { type: "started", event_id: eventId("started"), attempt: 1 });
  expect(res.status).toBe(200);
  return taskId;
}

async function balance(userId: string): Promise<number> {
  const [rows] = await testDb().query("SELECT balance_credits FROM credit_wallets WHERE user_id = ?", [userId]);
  return Number((rows as { balance_credits: number }[])[0].balance_credits);
}

async function cost(agentId: string): Promise<number> {
  const [rows] = await testDb().query("SELECT cost FROM agent_costs WHERE agent_id = ?", [agentId]);
  return Number((rows as { cost: number }[])[0].cost);
}

async function ledger(taskId: string) {
  const [rows] = await testDb().query(
    "SELECT type, agent_id, delta_credits, idempotency_key FROM credit_transactions WHERE task_id = ? ORDER BY id",
    [taskId],
  );
  return (rows as { type: string; agent_id: string; delta_credits: number; idempotency_key: string }[]).map((r) => ({
    ...r,
    delta_credits: Number(r.delta_credits),
  }));
}

describe("compute callbacks", () => {
  it("refuses a forged signature, a stale timestamp and a missing signature with 401", async () => {
    const user = await createTestUser({ credits: 50 });
    const taskId = await queuedTask(user, ["unified-profiler"]);
    const event = { type: "started" as const, event_id: eventId("s"), attempt: 1 };
    const forged = await sendCallback(taskId, event, { secret: "a-secret-that-is-not-the-shared-one" });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe("CALLBACK_UNAUTHORIZED");
    const stale = await sendCallback(taskId, event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    const unsigned = await api("POST", `/internal/tasks/${taskId}/callbacks`, { body: event });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe("CALLBACK_UNAUTHORIZED");
    expect((await api("GET", `/tasks/${taskId}`, { token: user.token })).body.status).toBe("QUEUED");
  });

  it("refuses an event signed for task A's URL and job when it is posted to task B's URL: B is unchanged", async () => {
    const owner = await createTestUser({ credits: 100 });
    const victim = await createTestUser({ credits: 100 });
    const taskA = await processingTask(owner, ["unified-profiler"]);
    const taskB = await processingTask(victim, ["unified-profiler"]);
    const jobA = await currentJobId(taskA);
    const failed = { type: "failed" as const, event_id: eventId("f"), attempt: 1, error_code: "AGENT_FAILED" as const, error_message: "x" };
    // Signed exactly as compute signs task A's callback, then sent to task B's URL.
    const replayed = await sendCallback(taskB, failed, { signedFor: { taskId: taskA, jobId: jobA } });
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe("CALLBACK_UNAUTHORIZED");
    // Signed for B's path but naming A's job: the job is not B's.
    const wrongJob = await sendCallback(taskB, { ...failed, event_id: eventId("f2") }, { jobId: jobA });
    expect(wrongJob.status).toBe(409);
    expect(wrongJob.body.error.code).toBe("TASK_INVALID_STATE");
    const b = (await api("GET", `/tasks/${taskB}`, { token: victim.token })).body;
    expect(b.status).toBe("PROCESSING");
    expect(b.error).toBeNull();
    const [events] = await testDb().query<any>("SELECT type FROM task_events WHERE task_id = ? ORDER BY id", [taskB]);
    expect(events.map((e: { type: string }) => e.type)).not.toContain("callback.failed");
    // The same event, signed for A, still works on A.
    expect((await sendCallback(taskA, failed)).status).toBe(200);
    expect((await api("GET", `/tasks/${taskA}`, { token: owner.token })).body.status).toBe("FAILED");
  });

  it("answers 404 for an unknown task and 400 for an event that breaks the schema", async () => {
    const missing = await sendCallback(newId("task"), { type: "started", event_id: eventId("s"), attempt: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("TASK_NOT_FOUND");
    const user = await createTestUser();
    const taskId = await queuedTask(user, ["unified-profiler"]);
    const bad = await sendCallback(taskId, { type: "heartbeat", event_id: eventId("h"), attempt: 1, progress: 140 } as never);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("debits each agent once even when agent_started is replayed, and a replay changes nothing", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, ["unified-profiler", "score-risk"]);
    const profilerCost = await cost("unified-profiler");
    const started = { type: "agent_started" as const, event_id: eventId("as"), attempt: 1, agent_id: "unified-profiler" };
    const first = await sendCallback(taskId, started);
    expect(first).toMatchObject({ status: 200, body: { applied: true } });
    const replays = await Promise.all([sendCallback(taskId, started), sendCallback(taskId, started)]);
    for (const replay of replays) expect(replay).toMatchObject({ status: 200, body: { applied: false } });
    // A new attempt's agent_started (a different event id) is not charged again either.
    const again = await sendCallback(taskId, { ...started, event_id: eventId("as2") });
    expect(again.status).toBe(200);
    expect(await balance(user.id)).toBe(100 - profilerCost);
    expect(await ledger(taskId)).toEqual([
      {
        type: "CONSUME",
        agent_id: "unified-profiler",
        delta_credits: -profilerCost,
        idempotency_key: `consume:${taskId}:unified-profiler`,
      },
    ]);

    const heartbeat = { type: "heartbeat" as const, event_id: eventId("hb"), attempt: 1, progress: 40, agent_id: "unified-profiler" };
    expect((await sendCallback(taskId, heartbeat)).status).toBe(200);
    await sendCallback(taskId, { ...heartbeat, event_id: eventId("hb"), progress: 60 });
    // Replaying the older heartbeat does not move progress back.
    expect((await sendCallback(taskId, heartbeat)).body.applied).toBe(false);
    const task = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(task).toMatchObject({ status: "PROCESSING", progress: 60, current_agent: "unified-profiler" });
  });

  it("answers 402 mid-run, fails the task and keeps the agents already paid for and their outputs", async () => {
    const profilerCost = await cost("unified-profiler");
    const riskCost = await cost("score-risk");
    const user = await createTestUser({ credits: profilerCost + riskCost - 1 });
    const taskId = await processingTask(user, ["unified-profiler", "score-risk"]);
    expect(
      (await sendCallback(taskId, { type: "agent_started", event_id: eventId("a"), attempt: 1, agent_id: "unified-profiler" })).status,
    ).toBe(200);
    await sendCallback(taskId, {
      type: "agent_completed",
      event_id: eventId("c"),
      attempt: 1,
      agent_id: "unified-profiler",
      status: "success",
      execution_time_ms: 12,
    });
    const refused = await sendCallback(taskId, { type: "agent_started", event_id: eventId("a"), attempt: 1, agent_id: "score-risk" });
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe("BILLING_INSUFFICIENT_CREDITS");
    expect(refused.body.error.details).toMatchObject({ required: riskCost, available: riskCost - 1 });
    const task = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(task.status).toBe("FAILED");
    expect(task.error.code).toBe("BILLING_INSUFFICIENT_CREDITS");
    expect(await balance(user.id)).toBe(riskCost - 1);
    expect((await ledger(taskId)).map((r) => r.agent_id)).toEqual(["unified-profiler"]);

    // Compute still reports the outputs of the agent that ran; they stay downloadable.
    const outputs = [
      {
        file_name: "report.json",
        key: `users/${user.id}/tasks/${taskId}/outputs/report.json`,
        kind: "report" as const,
        content_type: "application/json",
        size_bytes: 2,
      },
    ];
    const completed = await sendCallback(taskId, {
      type: "completed",
      event_id: eventId("done"),
      attempt: 1,
      manifest_key: `users/${user.id}/tasks/${taskId}/outputs/manifest.json`,
      outputs,
      summary: partialRunSummary,
    });
    expect(completed.status).toBe(200);
    const after = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(after).toMatchObject({ status: "FAILED", result_summary: partialRunSummary });
  });

  it("refunds an agent that failed for a system reason, once, naming the agent", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, ["unified-profiler"]);
    const profilerCost = await cost("unified-profiler");
    await sendCallback(taskId, { type: "agent_started", event_id: eventId("a"), attempt: 1, agent_id: "unified-profiler" });
    const failed = {
      type: "agent_completed" as const,
      event_id: eventId("c"),
      attempt: 1,
      agent_id: "unified-profiler",
      status: "error" as const,
      execution_time_ms: 5,
      error_code: "AGENT_FAILED" as const,
      system_failure: true,
    };
    expect((await sendCallback(taskId, failed)).status).toBe(200);
    expect((await sendCallback(taskId, { ...failed, event_id: eventId("c2") })).status).toBe(200);
    expect(await balance(user.id)).toBe(100);
    expect(await ledger(taskId)).toEqual([
      {
        type: "CONSUME",
        agent_id: "unified-profiler",
        delta_credits: -profilerCost,
        idempotency_key: `consume:${taskId}:unified-profiler`,
      },
      { type: "REFUND", agent_id: "unified-profiler", delta_credits: profilerCost, idempotency_key: `refund:${taskId}:unified-profiler` },
    ]);
  });

  it("refunds an agent that was skipped as not applicable, and keeps the charge of one that succeeded", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, ["unified-profiler", "drift-detector"]);
    const profilerCost = await cost("unified-profiler");
    const driftCost = await cost("drift-detector");
    const done = (agentId: string, status: "success" | "skipped") => ({
      type: "agent_completed" as const,
      event_id: eventId(`c-${agentId}`),
      attempt: 1,
      agent_id: agentId,
      status,
      execution_time_ms: 3,
    });
    await sendCallback(taskId, { type: "agent_started", event_id: eventId("a1"), attempt: 1, agent_id: "unified-profiler" });
    expect((await sendCallback(taskId, done("unified-profiler", "success"))).status).toBe(200);
    await sendCallback(taskId, { type: "agent_started", event_id: eventId("a2"), attempt: 1, agent_id: "drift-detector" });
    expect(await balance(user.id)).toBe(100 - profilerCost - driftCost);
    expect((await sendCallback(taskId, done("drift-detector", "skipped"))).status).toBe(200);
    expect(await balance(user.id)).toBe(100 - profilerCost);
    const rows = await ledger(taskId);
    expect(rows.filter((r: { type: string }) => r.type === "REFUND")).toEqual([
      { type: "REFUND", agent_id: "drift-detector", delta_credits: driftCost, idempotency_key: `refund:${taskId}:drift-detector` },
    ]);
  });

  it("answers 409 once the task is cancelled, and the task never becomes COMPLETED", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, ["unified-profiler"]);
    const cancelled = await api("POST", `/tasks/${taskId}/cancel`, { token: user.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("CANCELLED");
    const heartbeat = await sendCallback(taskId, { type: "heartbeat", event_id: eventId("h"), attempt: 1, progress: 50 });
    expect(heartbeat.status).toBe(409);
    const completed = await sendCallback(taskId, {
      type: "completed",
      event_id: eventId("done"),
      attempt: 1,
      manifest_key: "x/manifest.json",
      outputs: [],
      summary: emptyRunSummary,
    });
    expect(completed.status).toBe(409);
    expect(completed.body.error.code).toBe("TASK_INVALID_STATE");
    expect((await api("GET", `/tasks/${taskId}`, { token: user.token })).body.status).toBe("CANCELLED");
  });

  it("answers 409 to callbacks of a superseded attempt", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, ["unified-profiler"]);
    const oldJob = await currentJobId(taskId);
    await testDb().query("UPDATE tasks SET attempt = 2, job_id = ? WHERE task_id = ?", [newId("job"), taskId]);
    const old = await sendCallback(
      taskId,
      {
        type: "failed",
        event_id: eventId("f"),
        attempt: 1,
        error_code: "AGENT_FAILED",
        error_message: "x",
      },
      { jobId: oldJob },
    );
    expect(old.status).toBe(409);
    expect((await api("GET", `/tasks/${taskId}`, { token: user.token })).body.status).toBe("PROCESSING");
  });

  it("records a failure with its code and message", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, ["unified-profiler"]);
    const res = await sendCallback(taskId, {
      type: "failed",
      event_id: eventId("f"),
      attempt: 1,
      error_code: "INPUT_UNREADABLE",
      error_message: "Row 3 has 4 fields; the header has 3",
    });
    expect(res.status).toBe(200);
    const task = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(task.status).toBe("FAILED");
    expect(task.error).toEqual({ code: "INPUT_UNREADABLE", message: "Row 3 has 4 fields; the header has 3" });
    expect(task.failed_at).not.toBeNull();
  });
});

describe("credits after the task has ended, and when the system fails the run", () => {
  const agents = ["unified-profiler", "score-risk"];
  const started = (agentId: string) => ({ type: "agent_started" as const, event_id: eventId("a"), attempt: 1, agent_id: agentId });
  const errorCompletion = (agentId: string) => ({
    type: "agent_completed" as const,
    event_id: eventId("late"),
    attempt: 1,
    agent_id: agentId,
    status: "error" as const,
    execution_time_ms: 5,
    error_code: "AGENT_FAILED" as const,
    system_failure: true,
  });
  /** The wallet against the sum of its ledger rows, both read from the database. */
  async function ledgerTruth(userId: string) {
    const [rows] = await testDb().query<any>("SELECT COALESCE(SUM(delta_credits), 0) AS total FROM credit_transactions WHERE user_id = ?", [
      userId,
    ]);
    return { balance: await balance(userId), ledgerSum: Number(rows[0].total) };
  }

  it("a signed agent_completed error with a fresh event id on a COMPLETED task answers 409 and refunds nothing", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, agents);
    for (const agent of agents) expect((await sendCallback(taskId, started(agent))).status).toBe(200);
    const completed = await sendCallback(taskId, {
      type: "completed",
      event_id: eventId("done"),
      attempt: 1,
      manifest_key: `users/${user.id}/tasks/${taskId}/outputs/manifest.json`,
      outputs: [],
      summary: emptyRunSummary,
    });
    expect(completed.status).toBe(200);
    const paid = 100 - (await cost("unified-profiler")) - (await cost("score-risk"));
    expect(await ledgerTruth(user.id)).toEqual({ balance: paid, ledgerSum: paid });

    for (const agent of [...agents, ...agents]) {
      const late = await sendCallback(taskId, errorCompletion(agent));
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe("TASK_INVALID_STATE");
    }
    expect(await ledgerTruth(user.id)).toEqual({ balance: paid, ledgerSum: paid });
    expect((await ledger(taskId)).filter((r) => r.type === "REFUND")).toEqual([]);
  });

  it("a run compute fails past its deadline refunds every charged agent, once", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, agents);
    for (const agent of agents) await sendCallback(taskId, started(agent));
    const failed = {
      type: "failed" as const,
      event_id: eventId("f"),
      attempt: 1,
      error_code: "COMPUTE_DEADLINE_EXCEEDED" as const,
      error_message: "The job passed its deadline",
    };
    expect((await sendCallback(taskId, failed)).status).toBe(200);
    expect((await sendCallback(taskId, failed)).status).toBe(200);
    expect(await ledgerTruth(user.id)).toEqual({ balance: 100, ledgerSum: 100 });
    const refunds = (await ledger(taskId)).filter((r) => r.type === "REFUND");
    expect(refunds.map((r) => r.agent_id).sort()).toEqual([...agents].sort());
  });

  it("a failure caused by the input keeps the charges", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, agents);
    await sendCallback(taskId, started("unified-profiler"));
    const failed = {
      type: "failed" as const,
      event_id: eventId("f"),
      attempt: 1,
      error_code: "INPUT_UNREADABLE" as const,
      error_message: "bad",
    };
    expect((await sendCallback(taskId, failed)).status).toBe(200);
    const paid = 100 - (await cost("unified-profiler"));
    expect(await ledgerTruth(user.id)).toEqual({ balance: paid, ledgerSum: paid });
  });

  it("a task the cron gives up on as COMPUTE_LOST gets its charged agents back", async () => {
    const user = await createTestUser({ credits: 100 });
    const taskId = await processingTask(user, agents);
    for (const agent of agents) await sendCallback(taskId, started(agent));
    // State setup: the last allowed attempt, silent for three minutes.
    await testDb().query("UPDATE tasks SET attempt = 3, heartbeat_at = NOW(3) - INTERVAL 3 MINUTE WHERE task_id = ?", [taskId]);
    expect((await fetch(`${inject("edgeUrl")}/__dev/scheduled`, { method: "POST" })).status).toBe(200);
    const task = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(task.status).toBe("FAILED");
    expect(task.error.code).toBe("COMPUTE_LOST");
    expect(await ledgerTruth(user.id)).toEqual({ balance: 100, ledgerSum: 100 });
  });
});
