/** Cancel, retry, delete and the routes that need a finished task, against the real compute. */
import { describe, expect, inject, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { createTask, eventId, sendCallback, storedKeys, uploadInputs, waitForStatus } from "./helpers.js";

async function consumeRows(taskId: string) {
  const [rows] = await testDb().query("SELECT agent_id, delta_credits FROM credit_transactions WHERE task_id = ? AND type = 'CONSUME'", [
    taskId,
  ]);
  return rows as { agent_id: string; delta_credits: number }[];
}

describe("cancel", () => {
  it("stops a queued or running task for good: it never becomes COMPLETED", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler", "score-risk"] });
    await uploadInputs(user, task.task_id);
    expect((await api("POST", `/tasks/${task.task_id}/process`, { token: user.token })).status).toBe(202);
    const cancelled = await api("POST", `/tasks/${task.task_id}/cancel`, { token: user.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("CANCELLED");
    // Give the queue and compute time to act on it, then check nothing moved it on.
    await new Promise((r) => setTimeout(r, 3_000));
    const after = (await api("GET", `/tasks/${task.task_id}`, { token: user.token })).body;
    expect(after.status).toBe("CANCELLED");
    expect(after.completed_at).toBeNull();
    const [events] = await testDb().query("SELECT type FROM task_events WHERE task_id = ? AND type = 'callback.completed'", [task.task_id]);
    expect(events).toEqual([]);
    const again = await api("POST", `/tasks/${task.task_id}/cancel`, { token: user.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("TASK_INVALID_STATE");
  });
});

describe("retry", () => {
  it("queues a failed task again and does not charge the agents already paid for", async () => {
    const user = await createTestUser({ credits: 100 });
    const agents = ["unified-profiler", "score-risk"];
    const task = await createTask(user, { tool_id: "profile-my-data", agents });
    await uploadInputs(user, task.task_id);
    // The first attempt got as far as the profiler and then failed.
    await testDb().query("UPDATE tasks SET status = 'QUEUED', attempt = 1, queued_at = NOW(3), dispatched_at = NOW(3) WHERE task_id = ?", [
      task.task_id,
    ]);
    await sendCallback(task.task_id, { type: "started", event_id: eventId("s"), attempt: 1 });
    await sendCallback(task.task_id, { type: "agent_started", event_id: eventId("a"), attempt: 1, agent_id: "unified-profiler" });
    await sendCallback(task.task_id, {
      type: "failed",
      event_id: eventId("f"),
      attempt: 1,
      error_code: "AGENT_FAILED",
      error_message: "boom",
    });
    expect((await api("GET", `/tasks/${task.task_id}`, { token: user.token })).body.status).toBe("FAILED");

    const retried = await api("POST", `/tasks/${task.task_id}/retry`, { token: user.token });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe("QUEUED");
    const done = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"]);
    expect(done.status, JSON.stringify(done.error)).toBe("COMPLETED");
    expect(done.attempt).toBe(2);
    expect(done.error).toBeNull();

    const [costs] = await testDb().query("SELECT agent_id, cost FROM agent_costs WHERE agent_id IN (?)", [agents]);
    const expected = (costs as { agent_id: string; cost: number }[]).map((c) => ({ agent_id: c.agent_id, delta_credits: -Number(c.cost) }));
    const charged = (await consumeRows(task.task_id)).map((r) => ({ agent_id: r.agent_id, delta_credits: Number(r.delta_credits) }));
    expect(charged.sort((a, b) => a.agent_id.localeCompare(b.agent_id))).toEqual(
      expected.sort((a, b) => a.agent_id.localeCompare(b.agent_id)),
    );

    const again = await api("POST", `/tasks/${task.task_id}/retry`, { token: user.token });
    expect(again.status).toBe(409);
  });

  it("refuses an expired task whose inputs were never uploaded", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user);
    await testDb().query("UPDATE tasks SET status = 'EXPIRED' WHERE task_id = ?", [task.task_id]);
    const res = await api("POST", `/tasks/${task.task_id}/retry`, { token: user.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("UPLOAD_MISSING_FILES");
  });
});

describe("downloads, results and delete", () => {
  it("answers TASK_INVALID_STATE for outputs of an unfinished task", async () => {
    const user = await createTestUser();
    const task = await createTask(user);
    for (const path of ["downloads", "results"]) {
      const res = await api("GET", `/tasks/${task.task_id}/${path}`, { token: user.token });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("TASK_INVALID_STATE");
    }
  });

  it("deletes a finished task with every stored file, and refuses while PROCESSING", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    await uploadInputs(user, task.task_id);
    expect(await storedKeys(`users/${user.id}/tasks/${task.task_id}/`)).toEqual([
      `users/${user.id}/tasks/${task.task_id}/inputs/primary.csv`,
    ]);
    await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    await waitForStatus(user, task.task_id, ["COMPLETED"]);
    const downloads = (await api("GET", `/tasks/${task.task_id}/downloads`, { token: user.token })).body.downloads;
    expect(downloads.length).toBeGreaterThan(0);
    expect((await fetch(downloads[0].url)).status).toBe(200);

    await testDb().query("UPDATE tasks SET status = 'PROCESSING' WHERE task_id = ?", [task.task_id]);
    const refused = await api("DELETE", `/tasks/${task.task_id}`, { token: user.token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("TASK_INVALID_STATE");
    await testDb().query("UPDATE tasks SET status = 'COMPLETED' WHERE task_id = ?", [task.task_id]);

    const deleted = await api("DELETE", `/tasks/${task.task_id}`, { token: user.token });
    expect(deleted.status).toBe(204);
    expect((await fetch(downloads[0].url)).status).toBe(404);
    expect(await storedKeys(`users/${user.id}/tasks/${task.task_id}/`)).toEqual([]);
    expect((await api("GET", `/tasks/${task.task_id}`, { token: user.token })).status).toBe(404);
  });
});

describe("GET /tasks/:id/events", () => {
  it("streams status changes until the task finishes", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    await uploadInputs(user, task.task_id);
    const stream = await fetch(`${inject("edgeUrl")}/tasks/${task.task_id}/events`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    const text = await stream.text();
    const statuses = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]).status as string);
    expect(statuses[0]).toBe("UPLOADING");
    expect(statuses.at(-1)).toBe("COMPLETED");
    const order = ["UPLOADING", "QUEUED", "PROCESSING", "COMPLETED"];
    const positions = statuses.map((s) => order.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(text).toMatch(/^event: status$/m);
  });
});
