/** POST /tasks (with Idempotency-Key) and GET /tasks (keyset pages, filters). */
import { describe, expect, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser } from "../../../test/support/users.js";
import { createTask } from "./helpers.js";

describe("POST /tasks", () => {
  it("creates a task with every agent of the tool in tool order, or the chosen subset", async () => {
    const user = await createTestUser();
    const all = await createTask(user, { tool_id: "clean-my-data" });
    expect(all.status).toBe("CREATED");
    expect(all.agents[0]).toBe("quarantine-agent");
    expect(all.agents).toHaveLength(8);
    const subset = await createTask(user, { tool_id: "profile-my-data", agents: ["readiness-rater", "unified-profiler"] });
    expect(subset.agents).toEqual(["unified-profiler", "readiness-rater"]);
    expect(subset.task_id).toMatch(/^tsk_[0-9A-Z]{26}$/);
  });

  it("answers TOOL_NOT_FOUND, AGENT_NOT_IN_TOOL and VALIDATION_ERROR", async () => {
    const user = await createTestUser();
    const unknownTool = await api("POST", "/tasks", { token: user.token, body: { tool_id: "fix-everything" } });
    expect(unknownTool.status).toBe(404);
    expect(unknownTool.body.error.code).toBe("TOOL_NOT_FOUND");
    const foreignAgent = await api("POST", "/tasks", { token: user.token, body: { tool_id: "profile-my-data", agents: ["null-handler"] } });
    expect(foreignAgent.status).toBe(400);
    expect(foreignAgent.body.error.code).toBe("AGENT_NOT_IN_TOOL");
    expect(foreignAgent.body.error.details.unknown_agents).toEqual(["null-handler"]);
    const missing = await api("POST", "/tasks", { token: user.token, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("answers a repeated Idempotency-Key with the same task, and a reused key for another request with 409", async () => {
    const user = await createTestUser();
    const key = crypto.randomUUID();
    const body = { tool_id: "profile-my-data", agents: ["unified-profiler"] };
    const results = await Promise.all(
      [1, 2, 3].map(() => api("POST", "/tasks", { token: user.token, body, headers: { "idempotency-key": key } })),
    );
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.body.task_id)).size).toBe(1);
    const list = await api("GET", "/tasks", { token: user.token });
    expect(list.body.items).toHaveLength(1);
    const conflict = await api("POST", "/tasks", {
      token: user.token,
      body: { tool_id: "clean-my-data" },
      headers: { "idempotency-key": key },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
    // Keys are per user: another user may use the same one.
    const other = await createTestUser();
    const theirs = await api("POST", "/tasks", { token: other.token, body, headers: { "idempotency-key": key } });
    expect(theirs.status).toBe(201);
    expect(theirs.body.task_id).not.toBe(results[0].body.task_id);
  });
});

describe("GET /tasks", () => {
  it("pages newest first without gaps or repeats and filters by tool and status", async () => {
    const user = await createTestUser();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createTask(user, { tool_id: i % 2 ? "clean-my-data" : "profile-my-data" })).task_id);
    await api("POST", `/tasks/${created[1]}/cancel`, { token: user.token });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api("GET", `/tasks?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: user.token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t: { task_id: string }) => t.task_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());

    const clean = await api("GET", "/tasks?tool_id=clean-my-data", { token: user.token });
    expect(clean.body.items.map((t: { task_id: string }) => t.task_id)).toEqual([created[3], created[1]]);
    const cancelled = await api("GET", "/tasks?status=CANCELLED", { token: user.token });
    expect(cancelled.body.items.map((t: { task_id: string }) => t.task_id)).toEqual([created[1]]);
    expect(cancelled.body.next_cursor).toBeNull();
  });

  it("refuses a limit above 100 and an unknown status", async () => {
    const user = await createTestUser();
    expect((await api("GET", "/tasks?limit=101", { token: user.token })).status).toBe(400);
    expect((await api("GET", "/tasks?status=DONE", { token: user.token })).body.error.code).toBe("VALIDATION_ERROR");
  });
});
