/**
 * Live progress. The `progress` callback as the edge takes it (one guarded write: newest seq
 * wins, replays and late ones change nothing, never once the task left PROCESSING), and the
 * whole path on a multi-second job: compute reports while it works, and a browser-style SSE
 * client on a stream ticket sees progress, agent, rows and step move.
 */
import { findTool } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { openSse } from "../../../test/support/sse.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { createTask, eventId, sendCallback, uploadInputs } from "./helpers.js";

async function processingTask(user: TestUser) {
  const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
  await testDb().query("UPDATE tasks SET status = 'QUEUED', attempt = 1, queued_at = NOW(3), dispatched_at = NOW(3) WHERE task_id = ?", [
    task.task_id,
  ]);
  const started = await sendCallback(task.task_id, { type: "started", event_id: eventId("started"), attempt: 1 });
  expect(started.status).toBe(200);
  return task.task_id;
}

const progressEvent = (seq: number, progress: number, rows: number, step: string, attempt = 1) => ({
  type: "progress" as const,
  event_id: eventId("progress"),
  attempt,
  seq,
  progress,
  agent_id: "unified-profiler",
  rows_processed: rows,
  step,
});

describe("progress callbacks", () => {
  it("write progress, agent, rows and step into the task, without an event row", async () => {
    const user = await createTestUser({ credits: 50 });
    const taskId = await processingTask(user);
    const res = await sendCallback(taskId, progressEvent(1, 37.4, 120_000, "scanning"));
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(true);
    const task = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(task).toMatchObject({
      status: "PROCESSING",
      progress: 37,
      current_agent: "unified-profiler",
      rows_processed: 120_000,
      step: "scanning",
    });
    const [rows] = await testDb().query("SELECT COUNT(*) AS n FROM task_events WHERE task_id = ? AND type = 'callback.progress'", [taskId]);
    expect(Number((rows as { n: number }[])[0].n)).toBe(0);
  });

  it("ignore a late (lower seq) or repeated event", async () => {
    const user = await createTestUser({ credits: 50 });
    const taskId = await processingTask(user);
    const newer = progressEvent(5, 60, 200_000, "writing");
    expect((await sendCallback(taskId, newer)).body.applied).toBe(true);
    const late = await sendCallback(taskId, progressEvent(4, 50, 150_000, "scanning"));
    expect(late.status).toBe(200);
    expect(late.body.applied).toBe(false);
    const replay = await sendCallback(taskId, newer);
    expect(replay.body.applied).toBe(false);
    const task = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(task).toMatchObject({ progress: 60, rows_processed: 200_000, step: "writing" });
  });

  it("own progress once they arrive: a heartbeat still marks the task alive but no longer moves the bar back", async () => {
    const user = await createTestUser({ credits: 50 });
    const taskId = await processingTask(user);
    const beat = (progress: number) => ({
      type: "heartbeat" as const,
      event_id: eventId("hb"),
      attempt: 1,
      progress,
      agent_id: "unified-profiler",
    });
    expect((await sendCallback(taskId, beat(12))).status).toBe(200);
    expect((await api("GET", `/tasks/${taskId}`, { token: user.token })).body.progress).toBe(12);
    expect((await sendCallback(taskId, progressEvent(1, 55, 90_000, "scanning"))).body.applied).toBe(true);
    const [before] = await testDb().query("SELECT heartbeat_at FROM tasks WHERE task_id = ?", [taskId]);
    await new Promise((r) => setTimeout(r, 20));
    expect((await sendCallback(taskId, beat(50))).status).toBe(200);
    const task = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(task).toMatchObject({ progress: 55, rows_processed: 90_000, step: "scanning" });
    const [after] = await testDb().query("SELECT heartbeat_at FROM tasks WHERE task_id = ?", [taskId]);
    expect((after as { heartbeat_at: string }[])[0].heartbeat_at > (before as { heartbeat_at: string }[])[0].heartbeat_at).toBe(true);
  });

  it("tell compute to stop (409) for another attempt or a task no longer processing, and change nothing", async () => {
    const user = await createTestUser({ credits: 50 });
    const taskId = await processingTask(user);
    const otherAttempt = await sendCallback(taskId, progressEvent(1, 20, 10, "scanning", 2));
    expect(otherAttempt.status).toBe(409);
    expect((await api("POST", `/tasks/${taskId}/cancel`, { token: user.token })).status).toBe(200);
    const afterCancel = await sendCallback(taskId, progressEvent(2, 30, 20, "scanning"));
    expect(afterCancel.status).toBe(409);
    expect(afterCancel.body.error.code).toBe("TASK_INVALID_STATE");
    const task = (await api("GET", `/tasks/${taskId}`, { token: user.token })).body;
    expect(task).toMatchObject({ status: "CANCELLED", progress: 0, rows_processed: null });
  });
});

/** A CSV big enough that profiling it takes several seconds: `rows` rows of six columns. */
function bigCsv(rows: number): Uint8Array<ArrayBuffer> {
  const cities = ["Lisbon", "Oslo", "Quito", "Hanoi", "Accra", "Perth", "Lima", "Turin"];
  const lines = ["id,name,email,amount,signup_date,city"];
  for (let i = 1; i <= rows; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    lines.push(
      `${i},Customer ${i % 9_973},user${i}@example.test,${((i * 7919) % 100_000) / 100},2024-03-${day},${cities[i % cities.length]}`,
    );
  }
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

describe("live progress on a multi-second job", () => {
  it("an SSE client on a stream ticket sees progress, rows and step move during the agents, then COMPLETED at 100", async () => {
    // Big enough that each agent works for seconds, so an SSE client polling once a second sees it
    // mid-way (1.5M rows left some runs with every sample at an agent's start or end; ~150 MB, so
    // it goes up in parts).
    const ROWS = 3_000_000;
    const csv = bigCsv(ROWS);
    const user = await createTestUser({ credits: 1_000 });
    // Every cleaning agent, each reading every row: long enough (several seconds) that a client
    // polling once a second sees the bar move between agents and within one, however fast each got.
    const agents = (findTool("clean-my-data")?.agents ?? []).map((agent) => agent.id);
    expect(agents.length).toBeGreaterThanOrEqual(7);
    const task = await createTask(user, { tool_id: "clean-my-data", agents });
    await uploadInputs(user, task.task_id, { content: csv, filename: "customers.csv" });

    const ticket = await api("POST", `/tasks/${task.task_id}/events/ticket`, { token: user.token });
    expect(ticket.status).toBe(201);
    const stream = await openSse(ticket.body.events_url);
    expect(stream.status).toBe(200);
    expect((await api("POST", `/tasks/${task.task_id}/process`, { token: user.token })).status).toBe(202);

    const views: any[] = [];
    const ids: string[] = [];
    for await (const event of stream.events()) {
      ids.push(event.id ?? "");
      views.push(JSON.parse(event.data));
    }
    const last = views.at(-1);
    expect(last.status, JSON.stringify(last.error)).toBe("COMPLETED");
    expect(last.progress).toBe(100);

    // Every event says something new: no state is sent twice.
    expect(new Set(ids).size).toBe(ids.length);
    const working = views.filter((v) => v.status === "PROCESSING");
    // Progress never goes back, and took at least three distinct values on the way.
    const percents = working.map((v) => v.progress);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const live = working.filter((v) => v.step !== null && v.current_agent !== null);
    expect(new Set(live.map((v) => v.progress)).size, JSON.stringify(working)).toBeGreaterThanOrEqual(3);
    for (const view of live) {
      expect(agents).toContain(view.current_agent);
      expect(view.progress).toBeGreaterThanOrEqual(0);
      expect(view.progress).toBeLessThanOrEqual(100);
      if (view.rows_processed !== null) expect(view.rows_processed).toBeLessThanOrEqual(ROWS);
    }
    // Progress moved while an agent was mid-way through the rows, not only at agent boundaries.
    const midAgent = live.filter((v) => v.rows_processed > 0 && v.rows_processed < ROWS);
    expect(midAgent.length, JSON.stringify(working)).toBeGreaterThan(0);
    expect(midAgent.every((v) => typeof v.step === "string" && v.step.length > 0)).toBe(true);
  }, 180_000);
});
