import { isTerminal } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { verifyStreamTicket } from "../../auth/stream-ticket.js";
import type { AppEnv } from "../../context.js";
import type { Task } from "../../db/schema/index.js";
import { findTask, findUserTask } from "../../db/tasks.js";
import { ApiError } from "../../errors.js";
import { type TaskView, taskView } from "../../services/tasks.js";
import { loadUserTask } from "./load-task.js";
import { errorResponses, taskIdParams, taskRouteErrors } from "./schemas.js";

export const taskEventsRoute = createRoute({
  method: "get",
  path: "/tasks/{id}/events",
  operationId: "streamTaskEvents",
  // Either the bearer token or, for EventSource, a stream ticket from POST /tasks/{id}/events/ticket.
  security: [{ bearerAuth: [] }, { streamTicket: [] }] as Record<string, string[]>[],
  tags: ["tasks"],
  summary: "Server-Sent Events: one `status` event per change of status, progress, agent, rows or step, until a terminal status",
  description:
    "Each event's `id` names the state it carries; a client reconnecting with `Last-Event-ID` gets the next change, never the state it already has. " +
    "The stream ends at a terminal status or after 10 minutes (reconnect; with a ticket, ask for a fresh one first).",
  request: {
    params: taskIdParams,
    query: z.object({
      ticket: z.string().min(1).max(1_000).optional().openapi({ description: "A stream ticket instead of Authorization" }),
    }),
    headers: z.object({ "last-event-id": z.string().max(300).optional() }),
  },
  responses: {
    200: { description: "An event stream of `status` events carrying the task", content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses({
      ...taskRouteErrors,
      401: "AUTH_REQUIRED, AUTH_INVALID_TOKEN, AUTH_TOKEN_EXPIRED, STREAM_TICKET_INVALID (tampered or malformed) or STREAM_TICKET_EXPIRED",
      403: "STREAM_TICKET_WRONG_TASK: the ticket was issued for another task",
    }),
  },
});

const POLL_MS = 1_000;
/** A stream ends after this long even if the task is still running; EventSource reconnects. */
const MAX_STREAM_MS = 10 * 60_000;

/** The event id: the state an event carries, so a resumed stream skips what the client has. */
export function eventId(view: TaskView): string {
  return [view.attempt, view.status, view.progress, view.current_agent ?? "-", view.rows_processed ?? "-", view.step ?? "-"].join(".");
}

export const taskEventsHandler: RouteHandler<typeof taskEventsRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const { ticket } = c.req.valid("query");
  const { db, config } = c.var;
  let first: Task | undefined;
  if (ticket) {
    const userId = await verifyStreamTicket(config.JWT_SECRET, ticket, id);
    first = await findUserTask(db, userId, id);
    if (!first) throw new ApiError("TASK_NOT_FOUND", `No task ${id}`);
  } else {
    first = await loadUserTask(c, id, "tasks:read");
  }
  const resumedFrom = c.req.valid("header")["last-event-id"];
  return streamSSE(c, async (stream) => {
    const started = Date.now();
    let task = first;
    let last = resumedFrom ?? "";
    while (!stream.aborted) {
      const view = taskView(task);
      const id = eventId(view);
      if (id !== last) {
        last = id;
        await stream.writeSSE({ event: "status", id, data: JSON.stringify(view) });
      }
      if (isTerminal(task.status) || Date.now() - started > MAX_STREAM_MS) break;
      await stream.sleep(POLL_MS);
      const fresh = await findTask(db, task.taskId);
      if (!fresh) break;
      task = fresh;
    }
  }) as never;
};
