/**
 * Without an OpenAI key: a second compute and a second worker, both started here without one
 * (as edge/test/auth/production-mail.test.ts starts its own worker). A task still completes
 * with a summary built from its findings, and POST /chat answers 503 AI_UNAVAILABLE.
 */

import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, spawnCompute, stopChild, waitForHttp } from "../../../local/stack.js";
import { type RunningWorker, startWorker } from "../../../local/worker.js";
import { openAiRequests } from "../../../test/support/openai.js";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { call } from "../tasks/helpers.js";
import { chat, completedTask, ROWS } from "./helpers.js";

let compute: ChildProcess;
let worker: RunningWorker;

beforeAll(async () => {
  const computePort = await freePort();
  compute = spawnCompute(inject("projectRoot"), { ...inject("computeEnv"), PORT: String(computePort), OPENAI_API_KEY: "" });
  await waitForHttp(`http://127.0.0.1:${computePort}/health`);
  const edgePort = await freePort();
  worker = await startWorker({
    projectRoot: inject("projectRoot"),
    port: edgePort,
    quiet: true,
    vars: {
      ...inject("edgeVars"),
      OPENAI_API_KEY: "",
      PUBLIC_URL: `http://127.0.0.1:${edgePort}`,
      COMPUTE_URL: `http://127.0.0.1:${computePort}`,
    },
  });
}, 90_000);

afterAll(async () => {
  await worker?.close();
  if (compute) await stopChild(compute);
  rmSync(join(inject("projectRoot"), ".local", `edge-bundle-${process.pid}`), { recursive: true, force: true });
});

describe("without an OpenAI key", () => {
  it("a task completes with a summary built from its findings, marked as not AI-written", async () => {
    const user = await createTestUser({ credits: 500 });
    const column = `m_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const taskId = await completedTask(user, { base: worker.url, extraColumn: column });

    const results = await call(worker.url, "GET", `/tasks/${taskId}/results`, { token: user.token });
    expect(results.status).toBe(200);
    const summary = results.body.ai_summary;
    expect(summary).toMatchObject({ ai_written: false, model: null });
    expect(summary.note).toContain("no OpenAI key");
    expect(summary.text).toContain(`${ROWS} rows and 6 columns`);
    const recommendationIds = new Set(
      results.body.agents.flatMap((a: { recommendations: { id: string }[] }) => a.recommendations.map((r) => r.id)),
    );
    expect(summary.actions.length).toBeGreaterThan(0);
    for (const action of summary.actions) expect(recommendationIds.has(action.cites[0])).toBe(true);
    expect(await openAiRequests(column)).toHaveLength(0);

    const task = await call(worker.url, "GET", `/tasks/${taskId}`, { token: user.token });
    expect(task.body.result_summary.ai_summary).toMatchObject({ ai_written: false, model: null });
  });

  it("POST /chat answers 503 AI_UNAVAILABLE and charges nothing", async () => {
    const user = await createTestUser({ credits: 10 });
    const res = await chat(user, { message: "Which tool cleans data?" }, worker.url);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("AI_UNAVAILABLE");
    const [rows] = await testDb().query(
      "SELECT COUNT(*) AS n FROM credit_transactions WHERE user_id = ? AND idempotency_key LIKE 'chat%'",
      [user.id],
    );
    expect(Number((rows as { n: number }[])[0].n)).toBe(0);
  });
});
