/**
 * The whole path a user takes: create a task, upload through the presigned URL, process, let
 * the queue send it to compute, and download the outputs compute wrote.
 */
import { describe, expect, inject, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { createTask, uploadInputs, waitForStatus } from "./helpers.js";

async function costOf(agentIds: string[]): Promise<number> {
  const [rows] = await testDb().query("SELECT agent_id, cost FROM agent_costs WHERE agent_id IN (?)", [agentIds]);
  return (rows as { cost: number }[]).reduce((sum, r) => sum + Number(r.cost), 0);
}

describe("task lifecycle", () => {
  it("runs from creation to download with a real upload through the presigned URL", async () => {
    const user = await createTestUser({ credits: 100 });
    const agents = ["unified-profiler", "score-risk"];
    const task = await createTask(user, { tool_id: "profile-my-data", agents });
    expect(task.status).toBe("CREATED");
    expect(task.agents).toEqual(agents);

    const uploads = await uploadInputs(user, task.task_id, { filename: "my customers (final).csv" });
    expect(uploads.status).toBe("UPLOADING");
    expect(uploads.uploads.primary.key).toBe(`users/${user.id}/tasks/${task.task_id}/inputs/primary.csv`);

    const processed = await api("POST", `/tasks/${task.task_id}/process`, { token: user.token });
    expect(processed.status).toBe(202);
    expect(processed.body.status).toBe("QUEUED");

    const done = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"]);
    expect(done.status, JSON.stringify(done.error)).toBe("COMPLETED");
    expect(done.progress).toBe(100);
    expect(done.processing_started_at).not.toBeNull();
    expect(done.completed_at).not.toBeNull();

    // Each agent was paid for exactly once, at the cost the database holds.
    const expectedCost = await costOf(agents);
    const [walletRows] = await testDb().query("SELECT balance_credits FROM credit_wallets WHERE user_id = ?", [user.id]);
    expect(Number((walletRows as { balance_credits: number }[])[0].balance_credits)).toBe(100 - expectedCost);
    const [consumed] = await testDb().query(
      "SELECT agent_id, delta_credits, idempotency_key FROM credit_transactions WHERE task_id = ? AND type = 'CONSUME' ORDER BY agent_id",
      [task.task_id],
    );
    expect((consumed as { idempotency_key: string }[]).map((r) => r.idempotency_key)).toEqual(
      [...agents].sort().map((a) => `consume:${task.task_id}:${a}`),
    );

    const downloads = await api("GET", `/tasks/${task.task_id}/downloads`, { token: user.token });
    expect(downloads.status).toBe(200);
    const report = downloads.body.downloads.find((d: { file_name: string }) => d.file_name === "report.json");
    expect(report.kind).toBe("report");
    expect(Date.parse(report.expires_at) - Date.now()).toBeGreaterThan(55 * 60_000);
    const file = await fetch(report.url);
    expect(file.status, await file.clone().text()).toBe(200);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="report.json"');
    const downloaded = await file.text();
    expect(downloaded.length).toBe(report.size_bytes);

    // The results endpoint streams the same report.
    const results = await fetch(`${inject("edgeUrl")}/tasks/${task.task_id}/results`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(results.status).toBe(200);
    expect(await results.text()).toBe(downloaded);
    expect(JSON.parse(downloaded)).toBeTypeOf("object");

    // The history holds every transition in order.
    const [events] = await testDb().query("SELECT to_status FROM task_events WHERE task_id = ? AND to_status IS NOT NULL ORDER BY id", [
      task.task_id,
    ]);
    expect((events as { to_status: string }[]).map((e) => e.to_status)).toEqual(["UPLOADING", "QUEUED", "PROCESSING", "COMPLETED"]);
  });
});
