import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { issueStreamTicket, STREAM_TICKET_TTL_SECONDS } from "../../auth/stream-ticket.js";
import type { AppEnv } from "../../context.js";
import { loadUserTask } from "./load-task.js";
import { errorResponses, jsonContent, taskIdParams, taskRouteErrors } from "./schemas.js";

const ticketSchema = z
  .object({
    ticket: z.string(),
    expires_at: z.string().openapi({ description: `When the ticket stops opening streams (${STREAM_TICKET_TTL_SECONDS} s)` }),
    events_url: z.string().openapi({ description: "GET /tasks/{id}/events with the ticket, ready for `new EventSource(url)`" }),
  })
  .openapi("TaskEventsTicket");

export const createTaskEventsTicketRoute = createRoute({
  method: "post",
  path: "/tasks/{id}/events/ticket",
  operationId: "createTaskEventsTicket",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: `A ${STREAM_TICKET_TTL_SECONDS}-second, read-only ticket for this task's event stream, for EventSource (which cannot send Authorization)`,
  request: { params: taskIdParams },
  responses: {
    201: jsonContent("The ticket, accepted only by GET /tasks/{id}/events?ticket=", ticketSchema),
    ...errorResponses(taskRouteErrors),
  },
});

export const createTaskEventsTicketHandler: RouteHandler<typeof createTaskEventsTicketRoute, AppEnv> = async (c) => {
  const task = await loadUserTask(c, c.req.valid("param").id, "tasks:read");
  const { config } = c.var;
  const { ticket, expiresAt } = await issueStreamTicket(config.JWT_SECRET, task.userId, task.taskId);
  const url = new URL(`/tasks/${encodeURIComponent(task.taskId)}/events`, config.PUBLIC_URL);
  url.searchParams.set("ticket", ticket);
  return c.json({ ticket, expires_at: expiresAt.toISOString(), events_url: url.toString() }, 201);
};
