/**
 * The AI summary through the whole service: a task run by compute gets `ai_summary` in the
 * report.json the user downloads and a short copy in the task's result_summary; a model that
 * does not answer in time leaves a summary built from the findings, and the task completes.
 */
import { describe, expect, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { openAiRequests, scriptOpenAi } from "../../../test/support/openai.js";
import { createTestUser } from "../../../test/support/users.js";
import { completedTask, FORBIDDEN } from "../chat/helpers.js";

const newColumn = () => `m_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;

describe("a task's AI summary", () => {
  it("is written into report.json and the task's result_summary, citing the report's own findings", async () => {
    const user = await createTestUser({ credits: 500 });
    const column = newColumn();
    const reply = {
      summary: "Twenty-four customers; names and e-mails are personal data.",
      actions: [{ text: "Tokenize email before sharing", cites: ["pii-1"] }],
      cites: ["pii-1"],
    };
    await scriptOpenAi(column, [{ json: reply }]);
    const taskId = await completedTask(user, { extraColumn: column });

    const results = await api("GET", `/tasks/${taskId}/results`, { token: user.token });
    expect(results.body.ai_summary).toMatchObject({ text: reply.summary, actions: reply.actions, cites: ["pii-1"], ai_written: true });
    const pii = results.body.agents.find((a: { agent_id: string }) => a.agent_id === "score-risk");
    expect(pii.alerts.map((a: { id: string }) => a.id)).toContain("pii-1");
    const task = await api("GET", `/tasks/${taskId}`, { token: user.token });
    expect(task.body.result_summary.ai_summary).toEqual({ text: reply.summary, ai_written: true, model: "gpt-test-mini" });

    const requests = await openAiRequests(column);
    expect(requests).toHaveLength(1);
    for (const value of FORBIDDEN) expect(JSON.stringify(requests), value).not.toContain(value);
  });

  it("falls back to the findings when the model does not answer in time, and the task still completes", async () => {
    const user = await createTestUser({ credits: 500 });
    const column = newColumn();
    await scriptOpenAi(column, [{ delay_ms: 30_000, json: { summary: "too late", actions: [], cites: [] } }]);
    const taskId = await completedTask(user, { extraColumn: column });

    const results = await api("GET", `/tasks/${taskId}/results`, { token: user.token });
    expect(results.body.ai_summary).toMatchObject({ ai_written: false, model: null });
    expect(results.body.ai_summary.note).toContain("did not answer within");
    expect(results.body.ai_summary.text).toContain("24 rows and 6 columns");
    expect(await openAiRequests(column)).toHaveLength(1);
  });
});
