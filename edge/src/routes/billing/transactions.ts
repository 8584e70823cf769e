import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { listTransactions } from "../../db/billing.js";
import { CREDIT_TRANSACTION_TYPES } from "../../db/schema/index.js";
import { authErrors, errorResponses } from "./schemas.js";

const MAX_PAGE = 100;

const query = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE, `At most ${MAX_PAGE} rows per page`)
    .default(20)
    .openapi({ param: { name: "limit", in: "query" }, example: 20 }),
  cursor: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "The cursor is the next_cursor of a previous page")
    .optional()
    .openapi({ param: { name: "cursor", in: "query" } }),
});

const transactionSchema = z
  .object({
    id: z.string().openapi({ description: "ULID; rows sort by it" }),
    delta_credits: z.number().int(),
    type: z.enum(CREDIT_TRANSACTION_TYPES),
    reason: z.string(),
    agent_id: z.string().nullable(),
    tool_id: z.string().nullable(),
    task_id: z.string().nullable(),
    created_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("CreditTransaction");

const pageSchema = z
  .object({
    items: z.array(transactionSchema),
    next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next (older) page; null on the last page" }),
  })
  .openapi("CreditTransactionPage");

export const transactionsRoute = createRoute({
  method: "get",
  path: "/billing/transactions",
  operationId: "listTransactions",
  security: [{ bearerAuth: [] }],
  tags: ["billing"],
  summary: "The signed-in user's ledger, newest first, in keyset pages",
  request: { query },
  responses: {
    200: { description: "One page of ledger rows", content: { "application/json": { schema: pageSchema } } },
    ...errorResponses({ 400: "VALIDATION_ERROR (limit or cursor)", ...authErrors }),
  },
});

export const transactionsHandler: RouteHandler<typeof transactionsRoute, AppEnv> = async (c) => {
  const user = await requireUser(c, "billing:read");
  const { limit, cursor } = c.req.valid("query");
  // One row more than asked says whether another page exists.
  const rows = await listTransactions(c.var.db, user.id, { limit: limit + 1, before: cursor });
  const page = rows.slice(0, limit);
  const items = page.map((row) => ({
    id: row.id,
    delta_credits: Number(row.deltaCredits),
    type: row.type,
    reason: row.reason,
    agent_id: row.agentId,
    tool_id: row.toolId,
    task_id: row.taskId,
    created_at: row.createdAt.toISOString(),
  }));
  const nextCursor = rows.length > limit ? (page.at(-1)?.id ?? null) : null;
  return c.json({ items, next_cursor: nextCursor }, 200);
};
