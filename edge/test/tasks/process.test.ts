/** POST /tasks/:id/process: every check before a task is queued, and the race between two calls. */
import { describe, expect, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { createTask, uploadInputs, waitForStatus } from "./helpers.js";

describe("POST /tasks/:id/process", () => {
  it("names the missing file when nothing was uploaded", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user);
    const urls = await api("POST", `/tasks/${task.task_id}/upload-urls`, {
      token: user.token,
      body: { files: [{ role: "primary", filename: "a.csv", content_type: "text/csv", size_bytes: 10 }] },
    });
    expect(urls.status).toBe(200);
    const res = await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("UPLOAD_MISSING_FILES");
    expect(res.body.error.details.missing.map((m: { role: string }) => m.role)).toEqual(["primary"]);
    expect((await api("GET", `/tasks/${task.task_id}`, { token: user.token })).body.status).toBe("UPLOADING");
  });

  it("refuses a task still CREATED with TASK_INVALID_STATE", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user);
    const res = await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("TASK_INVALID_STATE");
  });

  it("answers 422 PARAMETERS_INVALID with the schema's issues", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user);
    await uploadInputs(user, task.task_id, { parameters: { "unified-profiler": { top_values: 0, not_a_setting: true } } });
    const res = await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("PARAMETERS_INVALID");
    const paths = res.body.error.details.issues.map((i: { path: string[] }) => i.path.join("."));
    expect(paths).toContain("unified-profiler.top_values");
    expect(res.body.error.details.issues.some((i: { code: string }) => i.code === "unrecognized_keys")).toBe(true);
  });

  it("answers 422 LOCALE_INVALID for an unknown input.locale, decimal separator or date order, and queues a known one", async () => {
    const user = await createTestUser({ credits: 100 });
    for (const input of [{ locale: "xx-YY" }, { decimal: ";" }, { locale: "de-DE", date_order: "DDMM" }]) {
      const task = await createTask(user);
      await uploadInputs(user, task.task_id, { parameters: { input } });
      const res = await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
      expect(res.status, JSON.stringify(input)).toBe(422);
      expect(res.body.error.code).toBe("LOCALE_INVALID");
      expect((await api("GET", `/tasks/${task.task_id}`, { token: user.token })).body.status).toBe("UPLOADING");
    }
    const task = await createTask(user);
    await uploadInputs(user, task.task_id, { parameters: { input: { locale: "de-DE" } } });
    const res = await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    expect(res.status).toBe(202);
  });

  it("answers 422 for parameters.json that is not JSON or larger than 1 MiB", async () => {
    const user = await createTestUser({ credits: 100 });
    const broken = await createTask(user);
    const urls = await uploadInputs(user, broken.task_id, { parameters: {} });
    await fetch(urls.uploads.parameters.url, { method: "PUT", headers: urls.uploads.parameters.headers, body: "{not json" });
    const res = await api("POST", `/tasks/${broken.task_id}/process`, { token: user.token });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("PARAMETERS_INVALID");

    const large = await createTask(user);
    const bigUrls = await uploadInputs(user, large.task_id, { parameters: {} });
    const padding = " ".repeat(1024 * 1024);
    const put = await fetch(bigUrls.uploads.parameters.url, {
      method: "PUT",
      headers: bigUrls.uploads.parameters.headers,
      body: `{}${padding}`,
    });
    expect(put.status).toBe(200);
    const tooLarge = await api("POST", `/tasks/${large.task_id}/process`, { token: user.token });
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.error.details.size_bytes).toBe(1024 * 1024 + 2);
  });

  it("answers 402 with required and available when the wallet cannot pay for the agents", async () => {
    const user = await createTestUser({ credits: 5 });
    const agents = ["unified-profiler", "readiness-rater"];
    const task = await createTask(user, { tool_id: "profile-my-data", agents });
    await uploadInputs(user, task.task_id);
    const [rows] = await testDb().query("SELECT SUM(cost) AS total FROM agent_costs WHERE agent_id IN (?)", [agents]);
    const required = Number((rows as { total: number }[])[0].total);
    const res = await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe("BILLING_INSUFFICIENT_CREDITS");
    expect(res.body.error.details).toEqual({ required, available: 5 });
    expect((await api("GET", `/tasks/${task.task_id}`, { token: user.token })).body.status).toBe("UPLOADING");
  });

  it("lets exactly one of two racing calls queue the task", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    await uploadInputs(user, task.task_id);
    const answers = await Promise.all([1, 2, 3].map(() => api("POST", `/tasks/${task.task_id}/process`, { token: user.token })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 409, 409]);
    for (const loser of answers.filter((a) => a.status === 409)) expect(loser.body.error.code).toBe("TASK_INVALID_STATE");
    const [queued] = await testDb().query("SELECT COUNT(*) AS n FROM task_events WHERE task_id = ? AND to_status = 'QUEUED'", [
      task.task_id,
    ]);
    expect(Number((queued as { n: number }[])[0].n)).toBe(1);
    await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"]);
  });
});
