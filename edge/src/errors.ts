import { type ErrorBody, type ErrorCode, statusOf } from "@agensium/shared";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { AppEnv } from "./context.js";
import { isDatabaseUnavailable } from "./db/client.js";
import { ConfigError } from "./env.js";

/** How long a client is told to wait when the database is out of reach. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The only way a handler reports a failure: throw one of these; `onError` renders it. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, headers?: Record<string, string>) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return statusOf(this.code);
  }
}

export function errorBody(code: ErrorCode, message: string, requestId: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}), request_id: requestId } };
}

function respond(c: Context<AppEnv>, error: ApiError) {
  const requestId = c.get("requestId") ?? "req_unknown";
  c.set("errorCode", error.code);
  return c.json(errorBody(error.code, error.message, requestId, error.details), error.status as ContentfulStatusCode, error.headers);
}

export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ApiError) return respond(c, err);
  if (err instanceof ConfigError) {
    console.error(JSON.stringify({ level: "error", msg: err.message, request_id: c.get("requestId") }));
    return respond(c, new ApiError("SERVICE_UNAVAILABLE", err.message));
  }
  if (isDatabaseUnavailable(err)) {
    console.error(JSON.stringify({ level: "error", msg: "database unavailable", error: err.message, request_id: c.get("requestId") }));
    return respond(
      c,
      new ApiError(
        "SERVICE_UNAVAILABLE",
        "The service is briefly unavailable; retry shortly",
        { retry_after_seconds: DATABASE_RETRY_AFTER_SECONDS },
        { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
      ),
    );
  }
  // Hono's own HTTPException (e.g. body limit) carries a status; map the few we meet.
  const status = (err as { status?: number }).status;
  if (status === 413) return respond(c, new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large"));
  // The OpenAPI router refuses a body of another media type (415), and Hono's JSON validator a
  // body sent without any Content-Type (a 400 naming the header): both are the same mistake.
  if (status === 415 || (status === 400 && /Content-Type/i.test(err.message))) {
    return respond(c, new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json"));
  }
  // Hono's validator answers a body that is not JSON at all with a 400 of its own.
  if (status === 400) return respond(c, new ApiError("VALIDATION_ERROR", err.message || "The request is malformed"));
  console.error(
    JSON.stringify({ level: "error", msg: "unhandled error", error: err.message, stack: err.stack, request_id: c.get("requestId") }),
  );
  return respond(c, new ApiError("INTERNAL_ERROR", "Something went wrong on our side; the request id identifies it"));
}

export function onNotFound(c: Context<AppEnv>) {
  return respond(c, new ApiError("NOT_FOUND", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`));
}

/** Zod issues as field-level details: `{fields: {"email": ["Invalid email"]}, issues: [...]}`. */
export function zodDetails(error: z.ZodError): Record<string, unknown> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "(root)";
    const list = fields[path] ?? [];
    list.push(issue.message);
    fields[path] = list;
  }
  return {
    fields,
    issues: error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
  };
}

const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/** The one validation hook every route uses (passed as OpenAPIHono's defaultHook). */
export function validationHook(result: { success: boolean; error?: unknown; target?: string }, c?: Context) {
  if (!result.success) {
    // No body and no Content-Type reach the schema as {}: say what is wrong with the request, not with its fields.
    if (result.target === "json" && c && !JSON_MEDIA_TYPE.test(c.req.header("content-type") ?? "")) {
      throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json");
    }
    const error = result.error as z.ZodError;
    throw new ApiError("VALIDATION_ERROR", `The request ${result.target ?? "input"} is invalid`, {
      target: result.target,
      ...zodDetails(error),
    });
  }
}
