/**
 * The scheduled handler, fired through Miniflare's trigger endpoint. "Older than" is set up by
 * moving the task's timestamps into the past in the database.
 */
import { describe, expect, inject, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { createTask, eventId, sendCallback, storedKeys, uploadInputs, waitForStatus } from "./helpers.js";

async function fireCron(base = inject("edgeUrl")) {
  const res = await fetch(`${base}/__dev/scheduled`, { method: "POST" });
  expect(res.status).toBe(200);
  await res.text();
}

async function setTask(taskId: string, assignments: string) {
  await testDb().query(`UPDATE tasks SET ${assignments} WHERE task_id = ?`, [taskId]);
}

describe("cron", () => {
  it("expires tasks left CREATED or UPLOADING for more than 24 hours, and only those", async () => {
    const user = await createTestUser();
    const old = await createTask(user);
    const oldUploading = await createTask(user);
    await uploadInputs(user, oldUploading.task_id);
    const fresh = await createTask(user);
    await setTask(old.task_id, "created_at = NOW(3) - INTERVAL 25 HOUR");
    await setTask(oldUploading.task_id, "created_at = NOW(3) - INTERVAL 25 HOUR");
    await setTask(fresh.task_id, "created_at = NOW(3) - INTERVAL 23 HOUR");
    await fireCron();
    const statuses = await Promise.all(
      [old, oldUploading, fresh].map(async (t) => (await api("GET", `/tasks/${t.task_id}`, { token: user.token })).body.status),
    );
    expect(statuses).toEqual(["EXPIRED", "EXPIRED", "CREATED"]);
  });

  it("re-queues a task whose compute went silent and finishes it without charging twice", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    await uploadInputs(user, task.task_id);
    await setTask(task.task_id, "status = 'QUEUED', attempt = 1, queued_at = NOW(3), dispatched_at = NOW(3)");
    await sendCallback(task.task_id, { type: "started", event_id: eventId("s"), attempt: 1 });
    await sendCallback(task.task_id, { type: "agent_started", event_id: eventId("a"), attempt: 1, agent_id: "unified-profiler" });
    await setTask(task.task_id, "heartbeat_at = NOW(3) - INTERVAL 3 MINUTE");

    await fireCron();
    const done = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"]);
    expect(done.status, JSON.stringify(done.error)).toBe("COMPLETED");
    expect(done.attempt).toBe(2);
    const [rows] = await testDb().query("SELECT COUNT(*) AS n FROM credit_transactions WHERE task_id = ? AND type = 'CONSUME'", [
      task.task_id,
    ]);
    expect(Number((rows as { n: number }[])[0].n)).toBe(1);
  });

  it("fails a task with COMPUTE_LOST after its third silent attempt", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    await setTask(task.task_id, "status = 'PROCESSING', attempt = 3, queued_at = NOW(3), heartbeat_at = NOW(3) - INTERVAL 3 MINUTE");
    await fireCron();
    const after = (await api("GET", `/tasks/${task.task_id}`, { token: user.token })).body;
    expect(after.status).toBe("FAILED");
    expect(after.error.code).toBe("COMPUTE_LOST");
  });

  it("leaves a running task with a recent heartbeat alone", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    await setTask(task.task_id, "status = 'PROCESSING', attempt = 1, queued_at = NOW(3), heartbeat_at = NOW(3) - INTERVAL 90 SECOND");
    await fireCron();
    const after = (await api("GET", `/tasks/${task.task_id}`, { token: user.token })).body;
    expect(after).toMatchObject({ status: "PROCESSING", attempt: 1 });
  });

  it("re-sends a task queued for more than 10 minutes that never reached compute", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    await uploadInputs(user, task.task_id);
    // QUEUED without a queue message, as if the send had been lost.
    await setTask(task.task_id, "status = 'QUEUED', attempt = 1, queued_at = NOW(3) - INTERVAL 11 MINUTE, dispatched_at = NULL");
    await fireCron();
    const done = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"]);
    expect(done.status, JSON.stringify(done.error)).toBe("COMPLETED");
    expect(done.attempt).toBe(1);
  });

  it("removes the files of tasks past retention and marks them cleaned up", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    await uploadInputs(user, task.task_id);
    await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    await waitForStatus(user, task.task_id, ["COMPLETED"]);
    const prefix = `users/${user.id}/tasks/${task.task_id}/`;
    expect((await storedKeys(prefix)).length).toBeGreaterThan(1);

    await setTask(task.task_id, "created_at = NOW(3) - INTERVAL 31 DAY");
    await fireCron();
    expect(await storedKeys(prefix)).toEqual([]);
    const [rows] = await testDb().query("SELECT is_cleaned_up, cleaned_up_at FROM tasks WHERE task_id = ?", [task.task_id]);
    expect((rows as { is_cleaned_up: number }[])[0].is_cleaned_up).toBe(1);
    const downloads = await api("GET", `/tasks/${task.task_id}/downloads`, { token: user.token });
    expect(downloads.status).toBe(404);
    expect(downloads.body.error.code).toBe("RESULTS_NOT_AVAILABLE");
  });
});
