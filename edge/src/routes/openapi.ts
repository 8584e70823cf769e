/** OpenAPI pieces every route shares: the single error body and request/response helpers. */
import { ERROR_CODES } from "@agensium/shared";
import { z } from "@hono/zod-openapi";

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [string, ...string[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      request_id: z.string(),
    }),
  })
  .openapi("Error");

type ErrorResponse = { description: string; content: { "application/json": { schema: typeof errorBodySchema } } };

/**
 * Error responses for a route's OpenAPI entry, keyed by status, each description naming its codes.
 * The statuses stay literal types, so `hc<App>` knows every status a route can answer.
 */
export function errorResponses<const D extends Record<number, string>>(described: D): { [K in keyof D]: ErrorResponse } {
  return Object.fromEntries(
    Object.entries(described).map(([status, description]) => [
      status,
      { description, content: { "application/json": { schema: errorBodySchema } } },
    ]),
  ) as { [K in keyof D]: ErrorResponse };
}

/** Routes only a signed-in person may call: an API key is refused. */
export const sessionOnlyErrors = {
  401: "AUTH_REQUIRED, AUTH_INVALID_TOKEN or AUTH_TOKEN_EXPIRED",
  403: "AUTH_API_KEY_NOT_ALLOWED (API keys cannot be used here), AUTH_NOT_VERIFIED or AUTH_ACCOUNT_DISABLED",
};

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

export function jsonContent<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } };
}
