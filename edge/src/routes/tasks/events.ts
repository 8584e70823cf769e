import { isTerminal } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../../context.js";
import { findTask } from "../../db/tasks.js";
import { taskView } from "../../services/tasks.js";
import { loadUserTask } from "./load-task.js";
import { errorResponses, taskIdParams, taskRouteErrors } from "./schemas.js";

export const taskEventsRoute = createRoute({
  method: "get",
  path: "/tasks/{id}/events",
  tags: ["tasks"],
  summary: "Server-Sent Events: one `status` event per change of status or progress, until a terminal status",
  request: { params: taskIdParams },
  responses: {
    200: { description: "An event stream of `status` events carrying the task", content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses(taskRouteErrors),
  },
});

const POLL_MS = 1_000;
/** A stream ends after this long even if the task is still running; EventSource reconnects. */
const MAX_STREAM_MS = 10 * 60_000;

export const taskEventsHandler: RouteHandler<typeof taskEventsRoute, AppEnv> = async (c) => {
  const first = await loadUserTask(c, c.req.valid("param").id, "tasks:read");
  const { db } = c.var;
  return streamSSE(c, async (stream) => {
    const started = Date.now();
    let task = first;
    let last = "";
    let seq = 0;
    while (!stream.aborted) {
      const view = taskView(task);
      const signature = `${view.status}:${view.progress}:${view.current_agent}`;
      if (signature !== last) {
        last = signature;
        await stream.writeSSE({ event: "status", id: String(++seq), data: JSON.stringify(view) });
      }
      if (isTerminal(task.status) || Date.now() - started > MAX_STREAM_MS) break;
      await stream.sleep(POLL_MS);
      const fresh = await findTask(db, task.taskId);
      if (!fresh) break;
      task = fresh;
    }
  }) as never;
};
