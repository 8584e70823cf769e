/**
 * Follows a task live: a short-lived stream ticket (POST /tasks/{id}/events/ticket) opens an
 * EventSource, since EventSource cannot send an Authorization header. When the stream drops
 * before the task ends (tickets last a minute), a fresh ticket reopens it.
 */
import { api } from "./api/client.js";
import type { EventsTicket, TaskEvent } from "./api/contract.js";

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "EXPIRED"]);

export function followTask(taskId: string, onEvent: (event: TaskEvent) => void, onError: (err: unknown) => void): () => void {
  let source: EventSource | null = null;
  let stopped = false;
  let failures = 0;

  const open = async () => {
    if (stopped) return;
    try {
      const ticket = await api<EventsTicket>("POST", `/tasks/${encodeURIComponent(taskId)}/events/ticket`);
      if (stopped) return;
      source = new EventSource(ticket.events_url);
      source.addEventListener("status", (message) => {
        failures = 0;
        const event = JSON.parse((message as MessageEvent<string>).data) as TaskEvent;
        onEvent(event);
        if (TERMINAL.has(event.status)) stop();
      });
      source.onerror = () => {
        // EventSource retries by itself while it can; once closed (ticket expired, stream ended
        // before a terminal status) a new ticket is needed.
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        failures++;
        setTimeout(() => void open(), Math.min(10_000, 500 * 2 ** failures));
      };
    } catch (err) {
      onError(err);
      failures++;
      if (failures < 5) setTimeout(() => void open(), 1_000 * failures);
    }
  };

  const stop = () => {
    stopped = true;
    source?.close();
  };
  void open();
  return stop;
}
