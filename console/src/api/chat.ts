/**
 * One chat turn about a task: POST /chat asking for Server-Sent Events, each `delta` handed on as
 * it arrives, the `done` event's reply returned. An `error` event (the model failed after the
 * stream opened) becomes an ApiError like any refusal before it.
 */
import type { ErrorCode } from "@agensium/shared";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { ApiError, api } from "./client.js";
import type { ChatReply } from "./contract.js";

/** As POST /chat takes them: a message of at most 4,000 characters, at most 20 earlier turns. */
export const CHAT_MESSAGE_MAX_CHARS = 4_000;
export const CHAT_HISTORY_MAX_TURNS = 20;

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export interface ChatQuestion {
  taskId: string;
  message: string;
  /** Earlier turns, oldest first; only the last CHAT_HISTORY_MAX_TURNS are sent. */
  history: ChatTurn[];
}

export async function askAboutTask(question: ChatQuestion, onText: (piece: string) => void, signal: AbortSignal): Promise<ChatReply> {
  const res = await api<Response>("POST", "/chat", {
    body: { message: question.message, task_id: question.taskId, history: question.history.slice(-CHAT_HISTORY_MAX_TURNS) },
    stream: true,
    signal,
  });
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream") || !res.body) {
    const reply = (await res.json()) as ChatReply;
    onText(reply.reply);
    return reply;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.event === "delta") onText((JSON.parse(value.data) as { text: string }).text);
      else if (value.event === "done") return JSON.parse(value.data) as ChatReply;
      else if (value.event === "error") {
        const { error } = JSON.parse(value.data) as {
          error: { code: ErrorCode; message: string; details?: Record<string, unknown>; request_id?: string };
        };
        throw new ApiError(error.code, error.message, 502, error.details ?? {}, error.request_id);
      }
    }
  } catch (err) {
    if (err instanceof ApiError || signal.aborted) throw err;
    throw new ApiError("NETWORK_ERROR", (err as Error).message, 0);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  throw new ApiError("NETWORK_ERROR", "The connection closed before the answer was complete", 0);
}
