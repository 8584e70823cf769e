/**
 * Follows a task until it ends, through its Server-Sent Events stream (GET /tasks/:id/events with
 * the bearer credential in a header, which a script can send). The server closes a stream after
 * a while; the CLI reconnects with Last-Event-ID so no event is shown twice. If the stream
 * cannot be opened at all it falls back to polling GET /tasks/:id.
 */
import { createParser } from "eventsource-parser";
import type { ApiClient } from "./api-client.js";
import { type TaskView, TERMINAL } from "./task-view.js";

const RECONNECT_MS = 1_000;
const POLL_MS = 2_000;

export async function followTask(client: ApiClient, taskId: string, onState: (task: TaskView) => void): Promise<TaskView> {
  let lastEventId: string | undefined;
  let latest: TaskView | undefined;
  for (let failures = 0; failures < 5; ) {
    let res: Response;
    try {
      res = await client.send("GET", `/tasks/${encodeURIComponent(taskId)}/events`, {
        headers: { accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
      });
    } catch {
      failures++;
      await sleep(RECONNECT_MS);
      continue;
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      if (res.status === 404 || res.status === 401 || res.status === 403) break;
      failures++;
      await sleep(RECONNECT_MS);
      continue;
    }
    failures = 0;
    const parser = createParser({
      onEvent(event) {
        if (event.id) lastEventId = event.id;
        if (event.event !== "status") return;
        latest = JSON.parse(event.data) as TaskView;
        onState(latest);
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (latest && TERMINAL.has(latest.status)) break;
      }
    } catch {
      // the connection dropped: reconnect below
    }
    if (latest && TERMINAL.has(latest.status)) return latest;
    await sleep(RECONNECT_MS);
  }
  return pollTask(client, taskId, onState);
}

async function pollTask(client: ApiClient, taskId: string, onState: (task: TaskView) => void): Promise<TaskView> {
  for (;;) {
    const task = await client.json<TaskView>("GET", `/tasks/${encodeURIComponent(taskId)}`);
    onState(task);
    if (TERMINAL.has(task.status)) return task;
    await sleep(POLL_MS);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
