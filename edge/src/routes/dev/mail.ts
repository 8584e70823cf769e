import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { listDevMailTo } from "../../db/dev-mail-outbox.js";

const devMailQuery = z.object({ to: z.string().trim().toLowerCase().max(254).email() }).strict();

const devMailList = z.object({
  messages: z.array(z.object({ to: z.string(), subject: z.string(), text: z.string(), created_at: z.string() })),
});

/** The development outbox: mail "sent" to an address, newest last. Not part of the public API. */
export const devMailRoute = createRoute({
  method: "get",
  path: "/__dev/mail",
  hide: true,
  request: { query: devMailQuery },
  responses: { 200: { description: "Messages sent to the address", content: { "application/json": { schema: devMailList } } } },
});

export const devMailHandler: RouteHandler<typeof devMailRoute, AppEnv> = async (c) => {
  const { to } = c.req.valid("query");
  const rows = await listDevMailTo(c.var.db, to);
  return c.json(
    { messages: rows.map((row) => ({ to: row.recipient, subject: row.subject, text: row.body, created_at: row.createdAt.toISOString() })) },
    200,
  );
};
