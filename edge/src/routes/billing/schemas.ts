/** Response pieces the billing routes share. */
import { z } from "@hono/zod-openapi";

const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      request_id: z.string(),
    }),
  })
  .openapi("BillingError");

/** Error responses for a route's OpenAPI entry, keyed by status. */
export function errorResponses(described: Record<number, string>) {
  return Object.fromEntries(
    Object.entries(described).map(([status, description]) => [
      status,
      { description, content: { "application/json": { schema: errorBodySchema } } },
    ]),
  ) as Record<number, { description: string; content: { "application/json": { schema: typeof errorBodySchema } } }>;
}

/** Every authenticated billing route can answer these. */
export const authErrors = { 401: "No, invalid or expired access token", 403: "Account disabled or not verified" };
