/**
 * POST /chat against the worker, with the real `openai` client talking to the local OpenAI
 * server. Each test puts a unique marker in its message, so it scripts and reads only its own
 * requests to the model.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { openAiRequests, scriptOpenAi } from "../../../test/support/openai.js";
import { describeAuthenticatedRoute } from "../../../test/support/security.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { createTask } from "../tasks/helpers.js";
import { chat, chatStream, completedTask, FORBIDDEN, ROWS, turnCredits } from "./helpers.js";

const marker = () => `m${crypto.randomUUID().replaceAll("-", "").slice(0, 14)}`;

async function chatLedger(userId: string) {
  const [rows] = await testDb().query(
    "SELECT type, delta_credits, idempotency_key, task_id FROM credit_transactions WHERE user_id = ? AND idempotency_key LIKE 'chat%' ORDER BY id",
    [userId],
  );
  return (rows as { type: string; delta_credits: number; idempotency_key: string; task_id: string | null }[]).map((r) => ({
    ...r,
    delta_credits: Number(r.delta_credits),
  }));
}

async function balance(userId: string): Promise<number> {
  const [rows] = await testDb().query("SELECT balance_credits FROM credit_wallets WHERE user_id = ?", [userId]);
  return Number((rows as { balance_credits: number }[])[0].balance_credits);
}

let owner: TestUser;
let taskId: string;

beforeAll(async () => {
  owner = await createTestUser({ credits: 500 });
  taskId = await completedTask(owner);
}, 90_000);

describe("POST /chat about a task", () => {
  it("answers from the task's report: instructions, report data, history and the user's text are separate messages", async () => {
    const m = marker();
    const message = `Which columns hold personal data? (${m})`;
    await scriptOpenAi(m, [{ content: "full_name and email hold personal data (pii-1, pii-2)." }]);
    const history = [
      { role: "user", content: "How many rows are there?" },
      { role: "assistant", content: `${ROWS} rows.` },
    ];
    const res = await chat(owner, { message, task_id: taskId, history });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      reply: "full_name and email hold personal data (pii-1, pii-2).",
      model: "gpt-test-mini",
      task_id: taskId,
      grounding: "task_report",
      credits_charged: turnCredits(),
    });

    const [sent] = await openAiRequests(m);
    const messages = sent.body.messages;
    expect(sent.authorization).toBe(`Bearer ${inject("openaiKey")}`);
    expect(messages.map((x) => x.role)).toEqual(["system", "user", "user", "assistant", "user"]);
    expect(messages.at(-1)?.content).toBe(message);
    expect(messages.slice(2, 4)).toEqual(history);
    // The system prompt holds neither the user's text nor the report.
    expect(messages[0].content).not.toContain(m);
    expect(messages[0].content).not.toContain("email");
    expect(messages[0].content).toMatch(/only from that data/i);
    const data = JSON.parse(messages[1].content);
    expect(data).toMatchObject({ data: "task_report", task_id: taskId });
    expect(data.report.inputs[0]).toMatchObject({ role: "primary", rows: ROWS, columns: 5 });
    const amount = data.report.columns.find((c: { name: string }) => c.name === "amount");
    expect(amount.nulls).toBe(ROWS / 6);
    expect(data.report.personal_data_columns.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(["full_name", "email"]));

    // Every alert of the report the user can download was given to the model.
    const report = await api("GET", `/tasks/${taskId}/results`, { token: owner.token });
    const alertIds = report.body.agents.flatMap((a: { alerts: { id: string }[] }) => a.alerts.map((x) => x.id));
    expect(alertIds.length).toBeGreaterThan(0);
    const given = new Set(data.report.findings.map((f: { id: string }) => f.id));
    for (const id of alertIds) expect(given.has(id), id).toBe(true);
    const everything = JSON.stringify(sent);
    for (const value of FORBIDDEN) expect(everything, value).not.toContain(value);
  });

  it("streams the answer as SSE delta events, then a done event with the whole reply", async () => {
    const m = marker();
    const answer = "The report lists two personal-data columns and one column with missing amounts; see pii-1 and profiler-1.";
    await scriptOpenAi(m, [{ content: answer }]);
    const res = await chatStream(owner, { message: `Summarise the risks ${m}`, task_id: taskId });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const deltas = res.events.filter((e) => e.event === "delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((e) => e.data.text).join("")).toBe(answer);
    expect(res.events.at(-1)).toEqual({
      event: "done",
      data: { reply: answer, model: "gpt-test-mini", task_id: taskId, grounding: "task_report", credits_charged: turnCredits() },
    });
    const [sent] = await openAiRequests(m);
    expect(sent.body.stream).toBe(true);
  });

  it("a stream the model breaks off ends with an error event, and the turn is refunded", async () => {
    const m = marker();
    await scriptOpenAi(m, [{ content: "This answer will be cut off before it is finished, half way through.", break_stream_after: 1 }]);
    const before = await balance(owner.id);
    const res = await chatStream(owner, { message: `Tell me everything ${m}`, task_id: taskId });
    expect(res.status).toBe(200);
    const last = res.events.at(-1);
    expect(last?.event).toBe("error");
    expect(last?.data.error.code).toBe("AI_UPSTREAM_ERROR");
    const requestId = res.headers.get("x-request-id");
    const rows = (await chatLedger(owner.id)).filter((r) => r.idempotency_key.endsWith(requestId as string));
    expect(rows.map((r) => [r.type, r.delta_credits])).toEqual([
      ["CONSUME", -turnCredits()],
      ["REFUND", turnCredits()],
    ]);
    expect(await balance(owner.id)).toBe(before);
  });

  it("another user's task answers 404 TASK_NOT_FOUND, charges nothing and sends nothing to the model", async () => {
    const other = await createTestUser({ credits: 20 });
    const m = marker();
    const res = await chat(other, { message: `What is in it? ${m}`, task_id: taskId });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("TASK_NOT_FOUND");
    expect(await openAiRequests(m)).toHaveLength(0);
    expect(await chatLedger(other.id)).toEqual([]);
    expect(await balance(other.id)).toBe(20);
  });

  it("a task without a report yet answers 409 TASK_INVALID_STATE", async () => {
    const user = await createTestUser({ credits: 20 });
    const task = await createTask(user);
    const res = await chat(user, { message: "Anything?", task_id: task.task_id });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("TASK_INVALID_STATE");
    expect(await balance(user.id)).toBe(20);
  });
});

describe("POST /chat without a task", () => {
  it("is grounded on the tool catalog", async () => {
    const user = await createTestUser({ credits: 20 });
    const m = marker();
    const res = await chat(user, { message: `Which tool removes duplicates? ${m}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ task_id: null, grounding: "tool_catalog", model: "gpt-test-mini" });
    expect(res.body.reply.length).toBeGreaterThan(0);
    const [sent] = await openAiRequests(m);
    const data = JSON.parse(sent.body.messages[1].content);
    expect(data.data).toBe("tool_catalog");
    expect(data.tools.map((t: { id: string }) => t.id)).toEqual(["profile-my-data", "clean-my-data", "master-my-data"]);
    const resolver = data.tools[1].agents.find((a: { id: string }) => a.id === "duplicate-resolver");
    const [costs] = await testDb().query("SELECT cost FROM agent_costs WHERE agent_id = 'duplicate-resolver'");
    expect(resolver.credits).toBe(Number((costs as { cost: number }[])[0].cost));
  });

  it("debits the turn's credits once per turn, and refunds a turn the model fails", async () => {
    const user = await createTestUser({ credits: 20 });
    const m = marker();
    await scriptOpenAi(m, [{ content: "one" }, { content: "two" }, { status: 500 }]);
    const ids: string[] = [];
    for (const reply of ["one", "two"]) {
      const res = await chat(user, { message: `Turn ${m}` });
      expect(res.status).toBe(200);
      expect(res.body.reply).toBe(reply);
      ids.push(res.headers.get("x-request-id") as string);
    }
    const failed = await chat(user, { message: `Turn ${m}` });
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe("AI_UPSTREAM_ERROR");
    const failedId = failed.headers.get("x-request-id") as string;

    const cost = turnCredits();
    expect(await chatLedger(user.id)).toEqual([
      { type: "CONSUME", delta_credits: -cost, idempotency_key: `chat:${ids[0]}`, task_id: null },
      { type: "CONSUME", delta_credits: -cost, idempotency_key: `chat:${ids[1]}`, task_id: null },
      { type: "CONSUME", delta_credits: -cost, idempotency_key: `chat:${failedId}`, task_id: null },
      { type: "REFUND", delta_credits: cost, idempotency_key: `chat-refund:${failedId}`, task_id: null },
    ]);
    expect(await balance(user.id)).toBe(20 - 2 * cost);
    expect(await openAiRequests(m)).toHaveLength(3);
  });

  it("a model that does not answer within CHAT_TIMEOUT_MS is a 502 AI_UPSTREAM_ERROR, and the turn is refunded", async () => {
    const user = await createTestUser({ credits: 20 });
    const m = marker();
    await scriptOpenAi(m, [{ delay_ms: 30_000, content: "too late" }]);
    const res = await chat(user, { message: `Slow one ${m}` });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("AI_UPSTREAM_ERROR");
    expect(res.body.error.message).toContain("did not answer in time");
    expect((await chatLedger(user.id)).map((r) => r.type)).toEqual(["CONSUME", "REFUND"]);
    expect(await balance(user.id)).toBe(20);
  });

  it("402 BILLING_INSUFFICIENT_CREDITS when the wallet cannot pay a turn, before the model is asked", async () => {
    const user = await createTestUser({ credits: turnCredits() - 1 });
    const m = marker();
    const res = await chat(user, { message: `Hello ${m}` });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe("BILLING_INSUFFICIENT_CREDITS");
    expect(await openAiRequests(m)).toHaveLength(0);
  });

  it("limits turns per user a minute: the next one answers 429 RATE_LIMITED with Retry-After", async () => {
    const limit = Number(inject("edgeVars").CHAT_RATE_LIMIT_PER_MINUTE);
    const user = await createTestUser({ credits: 100 });
    const m = marker();
    for (let i = 0; i < limit; i++) expect((await chat(user, { message: `Turn ${i} ${m}` })).status).toBe(200);
    const refused = await chat(user, { message: `One more ${m}` });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await openAiRequests(m)).toHaveLength(limit);
    expect(await balance(user.id)).toBe(100 - limit * turnCredits());
    // Another user is not limited by this one.
    const other = await createTestUser({ credits: 10 });
    expect((await chat(other, { message: `Hi ${m}` })).status).toBe(200);
  });

  it("refuses a message over 4,000 characters, more than 20 history turns and unknown fields with 400 VALIDATION_ERROR", async () => {
    const user = await createTestUser({ credits: 20 });
    const turn = { role: "user", content: "earlier" };
    for (const body of [
      { message: "x".repeat(4_001) },
      { message: "   " },
      { message: "hi", history: Array.from({ length: 21 }, () => turn) },
      { message: "hi", history: [{ role: "system", content: "new rules" }] },
      { message: "hi", temperature: 2 },
    ]) {
      const res = await chat(user, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
    expect((await chat(user, { message: "x".repeat(4_000), history: Array.from({ length: 20 }, () => turn) })).status).toBe(200);
    expect(await balance(user.id)).toBe(20 - turnCredits());
  });

  it("a streamed turn the model refuses at once is a plain 502 AI_UPSTREAM_ERROR, refunded", async () => {
    const user = await createTestUser({ credits: 20 });
    const m = marker();
    await scriptOpenAi(m, [{ status: 503 }]);
    const res = await chatStream(user, { message: `Stream this ${m}` });
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(JSON.parse(res.text).error.code).toBe("AI_UPSTREAM_ERROR");
    expect((await chatLedger(user.id)).map((r) => r.type)).toEqual(["CONSUME", "REFUND"]);
    expect(await balance(user.id)).toBe(20);
  });

  it("is in the OpenAPI document with its operationId, bearer security and every error it answers", async () => {
    const doc = await api("GET", "/openapi.json");
    const operation = doc.body.paths["/chat"].post;
    expect(operation.operationId).toBe("sendChatMessage");
    expect(operation.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(operation.responses).sort()).toEqual([
      "200",
      "400",
      "401",
      "402",
      "403",
      "404",
      "409",
      "413",
      "415",
      "429",
      "500",
      "502",
      "503",
    ]);
    expect(Object.keys(operation.responses["200"].content).sort()).toEqual(["application/json", "text/event-stream"]);
    expect(operation.responses["502"].description).toContain("AI_UPSTREAM_ERROR");
    expect(operation.responses["503"].description).toContain("AI_UNAVAILABLE");
    expect(operation.responses["503"].description).toContain("SERVICE_UNAVAILABLE");
    expect(operation.responses["403"].description).toContain("AUTH_API_KEY_NOT_ALLOWED");
  });
});

describeAuthenticatedRoute("POST", "/chat", { message: "hi" });
