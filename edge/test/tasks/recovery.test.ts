/**
 * Paths that need their own worker and compute: multipart uploads (a low threshold), a compute
 * process killed mid-job and recovered by the cron, and compute unreachable until the
 * dead-letter queue fails the task. The worker retries dispatch without delay here.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, spawnCompute, stopChild, waitForHttp } from "../../../local/stack.js";
import { type DedicatedWorker, startDedicatedWorker } from "../../../test/support/dedicated-worker.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { call, createTask, waitForStatus } from "./helpers.js";

const MIB = 1024 * 1024;
let worker: DedicatedWorker;
let compute: ChildProcess | undefined;
let computeEnv: Record<string, string>;
let base: string;

async function startCompute() {
  compute = spawnCompute(inject("projectRoot"), computeEnv);
  await waitForHttp(`http://127.0.0.1:${computeEnv.PORT}/health`);
}

beforeAll(async () => {
  computeEnv = { ...inject("computeEnv"), PORT: String(await freePort()), HEARTBEAT_INTERVAL_MS: "300" };
  await startCompute();
  worker = await startDedicatedWorker({
    COMPUTE_URL: `http://127.0.0.1:${computeEnv.PORT}`,
    MULTIPART_THRESHOLD_BYTES: String(MIB),
    QUEUE_RETRY_BASE_SECONDS: "0",
  });
  base = worker.base;
}, 120_000);

afterAll(async () => {
  await worker?.close();
  if (compute) await stopChild(compute);
});

/** A CSV of about `bytes` bytes with a numeric, a text and a date column. */
function csvOfSize(bytes: number): Uint8Array<ArrayBuffer> {
  const lines = ["id,name,amount,joined"];
  let size = lines[0].length + 1;
  for (let i = 1; size < bytes; i++) {
    const line = `${i},customer ${i % 977},${(i * 37) % 1000}.${i % 100},2024-0${(i % 9) + 1}-1${i % 10}`;
    lines.push(line);
    size += line.length + 1;
  }
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

/** One part PUT; a dropped connection is retried once, as upload clients do for each part. */
async function putPart(url: string, body: Uint8Array<ArrayBuffer>): Promise<Response> {
  try {
    return await fetch(url, { method: "PUT", body });
  } catch {
    return fetch(url, { method: "PUT", body });
  }
}

/** Uploads a file through the multipart URLs the worker hands out; returns the parts' ETags. */
async function multipartUpload(user: TestUser, taskId: string, bytes: Uint8Array<ArrayBuffer>, complete = true) {
  const res = await call(base, "POST", `/tasks/${taskId}/upload-urls`, {
    token: user.token,
    body: { files: [{ role: "primary", filename: "big.csv", content_type: "text/csv", size_bytes: bytes.length }] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const { multipart } = res.body.uploads.primary;
  expect(multipart.parts.length).toBe(Math.ceil(bytes.length / multipart.part_size));
  const parts = [];
  for (const part of multipart.parts) {
    const start = (part.part_number - 1) * multipart.part_size;
    const put = await putPart(part.url, bytes.slice(start, start + multipart.part_size));
    expect(put.status).toBe(200);
    parts.push({ part_number: part.part_number, etag: put.headers.get("etag") as string });
  }
  if (complete) {
    const done = await call(base, "POST", `/tasks/${taskId}/uploads/primary/complete`, { token: user.token, body: { parts } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.size_bytes).toBe(bytes.length);
  }
  return parts;
}

describe("on a dedicated worker and compute", () => {
  it("uploads a file above the multipart threshold in presigned parts and runs it", async () => {
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] }, base);
    const bytes = csvOfSize(5 * MIB + 64 * 1024);
    const parts = await multipartUpload(user, task.task_id, bytes, false);
    expect(parts).toHaveLength(2);

    const early = await call(base, "POST", `/tasks/${task.task_id}/process`, { token: user.token });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("UPLOAD_MISSING_FILES");
    expect(early.body.error.details.missing[0].reason).toMatch(/multipart/);

    const done = await call(base, "POST", `/tasks/${task.task_id}/uploads/primary/complete`, { token: user.token, body: { parts } });
    expect(done.status).toBe(200);
    expect((await call(base, "POST", `/tasks/${task.task_id}/process`, { token: user.token })).status).toBe(202);
    const finished = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"], { base, timeoutMs: 80_000 });
    expect(finished.status, JSON.stringify(finished.error)).toBe("COMPLETED");
  }, 120_000);

  it("refuses to complete a multipart upload whose stored file lacks parts", async () => {
    const user = await createTestUser();
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] }, base);
    const bytes = csvOfSize(6 * MIB);
    const parts = await multipartUpload(user, task.task_id, bytes, false);
    const res = await call(base, "POST", `/tasks/${task.task_id}/uploads/primary/complete`, {
      token: user.token,
      body: { parts: [parts[0]] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("UPLOAD_INVALID_FILE");
    expect(res.body.error.details).toMatchObject({ declared_bytes: bytes.length, size_bytes: 5 * MIB });
  });

  it("recovers a task whose compute was killed mid-job: the cron re-queues it and it completes, each agent charged once", async () => {
    const agents = ["unified-profiler", "score-risk"];
    const bytes = csvOfSize(12 * MIB);
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents }, base);
    await multipartUpload(user, task.task_id, bytes);
    expect((await call(base, "POST", `/tasks/${task.task_id}/process`, { token: user.token })).status).toBe(202);

    const running = await waitForStatus(user, task.task_id, ["PROCESSING", "COMPLETED", "FAILED"], { base, timeoutMs: 30_000 });
    expect(running.status, "the job must still be running when compute is killed").toBe("PROCESSING");
    compute?.kill("SIGKILL");
    await new Promise((resolve) => compute?.once("exit", resolve));
    const orphaned = await waitForStatus(user, task.task_id, ["PROCESSING", "COMPLETED", "FAILED"], { base });
    expect(orphaned.status).toBe("PROCESSING");

    await startCompute();
    await testDb().query("UPDATE tasks SET heartbeat_at = NOW(3) - INTERVAL 3 MINUTE WHERE task_id = ?", [task.task_id]);
    const cron = await fetch(`${base}/__dev/scheduled`, { method: "POST" });
    expect(cron.status).toBe(200);
    const recovered = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"], { base, timeoutMs: 120_000 });
    expect(recovered.status, JSON.stringify(recovered.error)).toBe("COMPLETED");
    expect(recovered.attempt).toBe(2);

    const [rows] = await testDb().query(
      "SELECT agent_id FROM credit_transactions WHERE task_id = ? AND type = 'CONSUME' ORDER BY agent_id",
      [task.task_id],
    );
    expect((rows as { agent_id: string }[]).map((r) => r.agent_id)).toEqual([...agents].sort());
    const [costs] = await testDb().query("SELECT SUM(cost) AS total FROM agent_costs WHERE agent_id IN (?)", [agents]);
    const [wallet] = await testDb().query("SELECT balance_credits FROM credit_wallets WHERE user_id = ?", [user.id]);
    expect(Number((wallet as { balance_credits: number }[])[0].balance_credits)).toBe(
      100 - Number((costs as { total: number }[])[0].total),
    );
  }, 180_000);

  it("cancels a running job: compute stops at its next callback and the task never becomes COMPLETED", async () => {
    const bytes = csvOfSize(12 * MIB);
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler", "score-risk"] }, base);
    await multipartUpload(user, task.task_id, bytes);
    expect((await call(base, "POST", `/tasks/${task.task_id}/process`, { token: user.token })).status).toBe(202);
    const running = await waitForStatus(user, task.task_id, ["PROCESSING", "COMPLETED", "FAILED"], { base, timeoutMs: 30_000 });
    expect(running.status, "the job must still be running when it is cancelled").toBe("PROCESSING");
    const cancelled = await call(base, "POST", `/tasks/${task.task_id}/cancel`, { token: user.token });
    expect(cancelled.body.status).toBe("CANCELLED");

    // Compute hears 409 on its next heartbeat and frees the slot.
    const health = `http://127.0.0.1:${computeEnv.PORT}/health`;
    const until = Date.now() + 20_000;
    let runningJobs = 1;
    while (runningJobs > 0 && Date.now() < until) {
      runningJobs = ((await (await fetch(health)).json()) as { running_jobs: number }).running_jobs;
      if (runningJobs > 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(runningJobs).toBe(0);
    const after = await call(base, "GET", `/tasks/${task.task_id}`, { token: user.token });
    expect(after.body.status).toBe("CANCELLED");
    expect(after.body.completed_at).toBeNull();
  }, 90_000);

  it("fails the task with COMPUTE_UNAVAILABLE once every dispatch retry went unanswered", async () => {
    if (compute) await stopChild(compute);
    compute = undefined;
    const user = await createTestUser({ credits: 100 });
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] }, base);
    const body = new TextEncoder().encode("a,b\n1,2\n");
    const urls = await call(base, "POST", `/tasks/${task.task_id}/upload-urls`, {
      token: user.token,
      body: { files: [{ role: "primary", filename: "t.csv", content_type: "text/csv", size_bytes: body.length }] },
    });
    const primary = urls.body.uploads.primary;
    expect((await fetch(primary.url, { method: "PUT", headers: primary.headers, body })).status).toBe(200);
    expect((await call(base, "POST", `/tasks/${task.task_id}/process`, { token: user.token })).status).toBe(202);
    const failed = await waitForStatus(user, task.task_id, ["FAILED", "COMPLETED"], { base, timeoutMs: 60_000 });
    expect(failed.status).toBe("FAILED");
    expect(failed.error.code).toBe("COMPUTE_UNAVAILABLE");
    expect(failed.processing_started_at).toBeNull();
  }, 90_000);
});
