/**
 * GET /tasks/{id} reads only the columns its answer shows, through statements prepared once per
 * isolate. Its answer must stay what it was, byte for byte: every field, JSON columns parsed
 * (agents, result_summary), null JSON left null, dates as ISO strings. Checked against values
 * written straight to the database and against GET /tasks, which reads whole rows another way.
 */
import { describe, expect, it } from "vitest";
import { edgeUrl } from "../../../test/support/http.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { call, createTask } from "./helpers.js";

async function rawGet(path: string, token: string) {
  const res = await fetch(`${edgeUrl()}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, contentType: res.headers.get("content-type"), text: await res.text() };
}

/** The task as GET /tasks lists it (whole rows read without the prepared statements). */
async function listed(user: TestUser, taskId: string) {
  const list = await call(undefined, "GET", "/tasks?limit=100", { token: user.token });
  expect(list.status).toBe(200);
  const item = list.body.items.find((t: { task_id: string }) => t.task_id === taskId);
  expect(item, `GET /tasks lists ${taskId}`).toBeDefined();
  return item;
}

const summary = {
  agents: [
    {
      agent_id: "unified-profiler",
      status: "completed",
      credits: 3,
      headline: { rows: 1234, columns: 7, quality: 91.25, note: "déjà vu ✓" },
    },
    { agent_id: "score-risk", status: "failed", error_code: "AGENT_FAILED", nested: { list: [1, null, "x", { deep: true }] } },
  ],
  ai_summary: { text: 'Quotes " and \\ backslashes, a newline\nand <html>', ai_written: false, model: null },
};

describe("GET /tasks/{id} answers exactly the task's fields", () => {
  it("maps every column, JSON ones parsed, for a token and for an API key", async () => {
    const user = await createTestUser();
    const { task_id: taskId } = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler", "score-risk"] });
    await testDb().query(
      `UPDATE tasks SET status = 'FAILED', progress = 57, current_agent = 'score-risk', rows_processed = 9007199254740, step = 'scanning',
         attempt = 3, error_code = 'AGENT_FAILED', error_message = 'score-risk stopped: "disk full"', result_summary = ?,
         created_at = '2026-03-04 05:06:07.089', upload_started_at = '2026-03-04 05:06:08.000', queued_at = '2026-03-04 05:07:00.001',
         processing_started_at = '2026-03-04 05:07:01.999', completed_at = NULL, failed_at = '2026-03-04 05:09:59.500', cancelled_at = NULL
       WHERE task_id = ?`,
      [JSON.stringify(summary), taskId],
    );
    const expected = {
      task_id: taskId,
      tool_id: "profile-my-data",
      agents: ["unified-profiler", "score-risk"],
      status: "FAILED",
      progress: 57,
      current_agent: "score-risk",
      rows_processed: 9007199254740,
      step: "scanning",
      attempt: 3,
      error: { code: "AGENT_FAILED", message: 'score-risk stopped: "disk full"' },
      created_at: "2026-03-04T05:06:07.089Z",
      upload_started_at: "2026-03-04T05:06:08.000Z",
      queued_at: "2026-03-04T05:07:00.001Z",
      processing_started_at: "2026-03-04T05:07:01.999Z",
      completed_at: null,
      failed_at: "2026-03-04T05:09:59.500Z",
      cancelled_at: null,
      result_summary: summary,
    };

    const read = await rawGet(`/tasks/${taskId}`, user.token);
    expect(read.status).toBe(200);
    expect(read.contentType).toMatch(/^application\/json/);
    // The same bytes as the fields above in the answer's documented order: key order included.
    expect(read.text).toBe(JSON.stringify(expected));
    expect(JSON.parse(read.text)).toEqual(await listed(user, taskId));

    const created = await call(undefined, "POST", "/api-keys", { token: user.token, body: { name: "reader", scopes: ["tasks:read"] } });
    expect(created.status).toBe(201);
    const byKey = await rawGet(`/tasks/${taskId}`, created.body.key);
    expect(byKey.status).toBe(200);
    expect(byKey.text).toBe(read.text);
  });

  it("answers a new task's empty fields as null, like the list does", async () => {
    const user = await createTestUser();
    const created = await createTask(user);
    const read = await rawGet(`/tasks/${created.task_id}`, user.token);
    expect(read.status).toBe(200);
    const body = JSON.parse(read.text);
    expect(body).toEqual(await listed(user, created.task_id));
    expect(body).toMatchObject({ status: "CREATED", progress: 0, attempt: 0, error: null, result_summary: null, current_agent: null });
    expect(body.agents).toEqual(created.agents);
  });

  it("answers another user's task, by token or by key, as a missing one", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    const { task_id: taskId } = await createTask(owner);
    const key = await call(undefined, "POST", "/api-keys", { token: stranger.token, body: { name: "reader", scopes: ["tasks:read"] } });
    for (const token of [stranger.token, key.body.key]) {
      const res = await call(undefined, "GET", `/tasks/${taskId}`, { token });
      expect([res.status, res.body.error.code]).toEqual([404, "TASK_NOT_FOUND"]);
    }
  });
});
