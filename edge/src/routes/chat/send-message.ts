import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { takeRateLimitSlot } from "../../db/rate-limits.js";
import { ApiError, errorBody } from "../../errors.js";
import { chargeChatTurn } from "../../services/chat/charge.js";
import { chatMessages, taskReportData, toolCatalogData } from "../../services/chat/grounding.js";
import { chatClient, completeChat, streamChat, upstreamError, upstreamProblem } from "../../services/chat/model.js";
import { sessionOnlyErrors } from "../openapi.js";
import { loadUserTask } from "../tasks/load-task.js";
import { errorResponses, jsonBody } from "../tasks/schemas.js";

export const CHAT_MESSAGE_MAX_CHARS = 4_000;
export const CHAT_HISTORY_MAX_TURNS = 20;
const RATE_WINDOW_MS = 60_000;

const text = z
  .string()
  .min(1)
  .max(CHAT_MESSAGE_MAX_CHARS)
  .refine((s) => s.trim().length > 0, "must not be blank");

const chatBody = z
  .object({
    message: text.openapi({ example: "Which columns hold personal data?" }),
    task_id: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .openapi({ description: "Ground the answer on this task's report; without it, on the tool catalog" }),
    history: z
      .array(z.object({ role: z.enum(["user", "assistant"]), content: text }).strict())
      .max(CHAT_HISTORY_MAX_TURNS)
      .optional()
      .openapi({ description: `Earlier turns, oldest first (at most ${CHAT_HISTORY_MAX_TURNS})` }),
  })
  .strict();

const chatReply = z
  .object({
    reply: z.string(),
    model: z.string(),
    task_id: z.string().nullable(),
    grounding: z.enum(["task_report", "tool_catalog"]),
    credits_charged: z.number().int(),
  })
  .openapi("ChatReply");

export const sendChatMessageRoute = createRoute({
  method: "post",
  path: "/chat",
  operationId: "sendChatMessage",
  security: [{ bearerAuth: [] }],
  tags: ["chat"],
  summary: "Ask about a task's report (or, without task_id, about the tools)",
  description:
    "Answers from the task's own report only. With `Accept: text/event-stream` the answer streams as SSE: `delta` events `{text}`, then one `done` event with the JSON reply's fields (or an `error` event with the error body). A turn costs CHAT_TURN_CREDITS, refunded when the model fails.",
  request: { body: jsonBody(chatBody) },
  responses: {
    200: {
      description: "The answer",
      content: {
        "application/json": { schema: chatReply },
        "text/event-stream": { schema: z.string().openapi({ description: "event: delta / done / error" }) },
      },
    },
    ...errorResponses({
      400: "VALIDATION_ERROR: message over 4,000 characters, more than 20 history turns, unknown fields",
      ...sessionOnlyErrors,
      402: "BILLING_INSUFFICIENT_CREDITS",
      404: "TASK_NOT_FOUND (also for another user's task), RESULTS_NOT_AVAILABLE",
      409: "TASK_INVALID_STATE: the task has no report yet",
      429: "RATE_LIMITED: too many turns this minute (Retry-After)",
      502: "AI_UPSTREAM_ERROR: the model failed or timed out (the turn is refunded)",
      503: "AI_UNAVAILABLE: no model is configured",
    }),
  },
});

export const sendChatMessageHandler: RouteHandler<typeof sendChatMessageRoute, AppEnv> = async (c) => {
  const user = await requireUser(c);
  const { db, storage, config, requestId } = c.var;
  const body = c.req.valid("json");
  const client = chatClient(config);

  const slot = await takeRateLimitSlot(db, `chat:${user.id}`, config.CHAT_RATE_LIMIT_PER_MINUTE, RATE_WINDOW_MS, new Date());
  if (!slot.allowed) {
    throw new ApiError(
      "RATE_LIMITED",
      `At most ${config.CHAT_RATE_LIMIT_PER_MINUTE} chat turns a minute`,
      { retry_after_seconds: slot.retryAfterSeconds },
      { "Retry-After": String(slot.retryAfterSeconds) },
    );
  }

  const task = body.task_id ? await loadUserTask(c, body.task_id, "tasks:read") : undefined;
  const data = task ? await taskReportData(storage, task, config.CHAT_CONTEXT_TOKENS) : await toolCatalogData(db);
  const messages = chatMessages(data, body.history ?? [], body.message);
  const charge = await chargeChatTurn(db, { userId: user.id, requestId, taskId: task?.taskId, credits: config.CHAT_TURN_CREDITS });
  const answer = {
    task_id: task?.taskId ?? null,
    grounding: task ? ("task_report" as const) : ("tool_catalog" as const),
    credits_charged: charge.credits,
  };
  const failed = async (err: unknown) => {
    console.error(JSON.stringify({ level: "warn", msg: "chat model failed", request_id: requestId, problem: upstreamProblem(err) }));
    await charge.refund(upstreamProblem(err));
    return upstreamError(err);
  };

  if (!(c.req.header("accept") ?? "").includes("text/event-stream")) {
    try {
      const { reply, model } = await completeChat(client, config.OPENAI_MODEL, messages);
      return c.json({ reply, model, ...answer }, 200);
    } catch (err) {
      throw await failed(err);
    }
  }

  // The stream is opened before answering, so a model that refuses at once is still a plain 502.
  const abort = new AbortController();
  let stream: Awaited<ReturnType<typeof streamChat>>;
  try {
    stream = await streamChat(client, config.OPENAI_MODEL, messages, abort.signal);
  } catch (err) {
    throw await failed(err);
  }
  return streamSSE(c, async (sse) => {
    sse.onAbort(() => abort.abort());
    let reply = "";
    let model = config.OPENAI_MODEL;
    try {
      for await (const chunk of stream) {
        model = chunk.model || model;
        const piece = chunk.choices[0]?.delta?.content;
        if (!piece) continue;
        reply += piece;
        await sse.writeSSE({ event: "delta", data: JSON.stringify({ text: piece }) });
      }
      if (!reply) throw new Error("empty reply");
      await sse.writeSSE({ event: "done", data: JSON.stringify({ reply, model, ...answer }) });
    } catch (err) {
      if (abort.signal.aborted) return;
      const error = await failed(err);
      c.set("errorCode", error.code);
      await sse.writeSSE({ event: "error", data: JSON.stringify(errorBody(error.code, error.message, requestId)) });
    }
  }) as never;
};
