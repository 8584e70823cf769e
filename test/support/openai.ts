/** Tests' side of the local OpenAI server (test/support/openai-server.ts): script replies, read what it was sent. */
import { inject } from "vitest";
import type { OpenAiReply, ReceivedCompletion } from "./openai-server.js";

const controlUrl = (path: string) => `${inject("openaiUrl").replace(/\/v1$/, "")}/__control/${path}`;

/** Requests whose body contains `marker` get these replies, in order, then the server's default. */
export async function scriptOpenAi(marker: string, replies: OpenAiReply[]): Promise<void> {
  const res = await fetch(controlUrl("behaviours"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ contains: marker, replies }),
  });
  if (res.status !== 201) throw new Error(`scripting the local OpenAI server failed: ${res.status} ${await res.text()}`);
}

/** What the model was sent in requests whose body contains `marker`, oldest first. */
export async function openAiRequests(marker: string): Promise<ReceivedCompletion[]> {
  const res = await fetch(`${controlUrl("requests")}?contains=${encodeURIComponent(marker)}`);
  return (await res.json()) as ReceivedCompletion[];
}

export type { OpenAiReply, ReceivedCompletion };
