/**
 * The chat model through the `openai` package, which runs in workerd as it is (it uses the
 * runtime's fetch and streams). No client-side retries: a turn is answered or refunded.
 */
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Config } from "../../env.js";
import { ApiError } from "../../errors.js";

export function chatClient(config: Config): OpenAI {
  if (!config.OPENAI_API_KEY) throw new ApiError("AI_UNAVAILABLE", "Chat is not available: no model is configured");
  return new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, maxRetries: 0, timeout: config.CHAT_TIMEOUT_MS });
}

/** What went wrong upstream, for the error message and the log (never the key or the prompt). */
export function upstreamProblem(err: unknown): string {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return "the model did not answer in time";
  if (err instanceof OpenAI.APIError && err.status) return `the model answered HTTP ${err.status}`;
  if (err instanceof OpenAI.APIConnectionError) return "the model could not be reached";
  return "the model's answer could not be read";
}

export function upstreamError(err: unknown): ApiError {
  return new ApiError("AI_UPSTREAM_ERROR", `No answer: ${upstreamProblem(err)}; the turn was not charged`);
}

export async function completeChat(client: OpenAI, model: string, messages: ChatCompletionMessageParam[]) {
  const completion = await client.chat.completions.create({ model, messages });
  const reply = completion.choices[0]?.message?.content ?? completion.choices[0]?.message?.refusal ?? "";
  if (!reply) throw new Error("empty reply");
  return { reply, model: completion.model || model };
}

export function streamChat(client: OpenAI, model: string, messages: ChatCompletionMessageParam[], signal: AbortSignal) {
  return client.chat.completions.create({ model, messages, stream: true }, { signal });
}
