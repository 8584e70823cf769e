/** A finished task to talk about, and POST /chat as a client calls it (JSON or SSE). */
import { expect, inject } from "vitest";
import { api } from "../../../test/support/http.js";
import type { TestUser } from "../../../test/support/users.js";
import { createTask, uploadInputs, waitForStatus } from "../tasks/helpers.js";

export const PEOPLE = ["Ada Lovelace", "Grace Hopper", "Katherine Johnson", "Edsger Dijkstra"];
export const EMAIL_DOMAIN = "chat-analytical.test";
export const ROWS = 24;

/** Customers with names and e-mails (personal data), blank amounts on every sixth row, a city nobody else uses. */
export function customersCsv(extraColumn?: string): string {
  const lines = Array.from({ length: ROWS }, (_, k) => {
    const name = PEOPLE[k % PEOPLE.length];
    const email = `${name.toLowerCase().replace(" ", ".")}${k}@${EMAIL_DOMAIN}`;
    return `${k + 1},${name},${email},${k % 6 === 5 ? "" : (k + 1) * 3},Llanfairfechan${extraColumn ? ",1" : ""}`;
  });
  return `customer_id,full_name,email,amount,city${extraColumn ? `,${extraColumn}` : ""}\n${lines.join("\n")}\n`;
}

/** Values no request to the model may hold: names, e-mail domains (kept by masking), masked values, other cells. */
export const FORBIDDEN = [...PEOPLE.flatMap((p) => p.split(" ")), EMAIL_DOMAIN, "***", "Llanfairfechan"];

export async function completedTask(user: TestUser, options: { base?: string; extraColumn?: string } = {}): Promise<string> {
  const { base } = options;
  const task = await createTask(user, { tool_id: "profile-my-data" }, base);
  await uploadInputs(user, task.task_id, { content: customersCsv(options.extraColumn), base });
  const processed = await (base
    ? fetch(`${base}/tasks/${task.task_id}/process`, { method: "POST", headers: { authorization: `Bearer ${user.token}` } })
    : api("POST", `/tasks/${task.task_id}/process`, { token: user.token }));
  expect(processed.status).toBe(202);
  const done = await waitForStatus(user, task.task_id, ["COMPLETED", "FAILED"], { base, timeoutMs: 60_000 });
  expect(done.status, JSON.stringify(done.error)).toBe("COMPLETED");
  return task.task_id;
}

export const turnCredits = () => Number(inject("edgeVars").CHAT_TURN_CREDITS);

export function chat(user: TestUser, body: Record<string, unknown>, base?: string) {
  if (!base) return api("POST", "/chat", { token: user.token, body });
  return fetch(`${base}/chat`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, headers: res.headers, body: (await res.json()) as any }));
}

export interface SseEvent {
  event: string;
  data: any;
}

/** POST /chat with Accept: text/event-stream, read to the end and split into events. */
export async function chatStream(user: TestUser, body: Record<string, unknown>) {
  const res = await fetch(`${inject("edgeUrl")}/chat`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const events: SseEvent[] = [];
  for (const block of text.split("\n\n")) {
    if (!block.trim()) continue;
    const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
    const data = block
      .split("\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => l.slice(6))
      .join("\n");
    events.push({ event, data: data ? JSON.parse(data) : null });
  }
  return { status: res.status, headers: res.headers, text, events };
}
