/**
 * The closed set of error codes the service speaks, each mapped to exactly one HTTP
 * status. API errors, task failures and compute failures all draw from this list, so a
 * frontend can switch on `code` without ever parsing a message.
 */
export const ERROR_STATUS = {
  // generic
  VALIDATION_ERROR: 400,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  IDEMPOTENCY_CONFLICT: 409,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,

  // auth
  AUTH_REQUIRED: 401,
  AUTH_INVALID_TOKEN: 401,
  AUTH_TOKEN_EXPIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_REFRESH_INVALID: 401,
  AUTH_NOT_VERIFIED: 403,
  AUTH_ACCOUNT_DISABLED: 403,
  AUTH_EMAIL_TAKEN: 409,
  AUTH_OTP_INVALID: 400,
  AUTH_OTP_EXPIRED: 400,
  AUTH_OTP_LOCKED: 429,

  // tools and tasks
  TOOL_NOT_FOUND: 404,
  AGENT_NOT_IN_TOOL: 400,
  TASK_NOT_FOUND: 404,
  TASK_INVALID_STATE: 409,
  UPLOAD_INVALID_FILE: 400,
  UPLOAD_TOO_LARGE: 413,
  UPLOAD_MISSING_FILES: 409,
  PARAMETERS_INVALID: 422,
  RESULTS_NOT_AVAILABLE: 404,

  // api keys
  AUTH_SCOPE_FORBIDDEN: 403,
  AUTH_API_KEY_NOT_ALLOWED: 403,
  API_KEY_NOT_FOUND: 404,
  API_KEY_LIMIT_REACHED: 409,

  // billing
  BILLING_INSUFFICIENT_CREDITS: 402,
  BILLING_PACK_NOT_FOUND: 404,
  BILLING_WEBHOOK_INVALID: 400,
  BILLING_UNAVAILABLE: 503,

  // chat
  AI_UNAVAILABLE: 503,

  // AI summary and POST /chat: the model answered with an error, too late, or not at all
  AI_UPSTREAM_ERROR: 502,

  // compute and the edge↔compute contract
  CALLBACK_UNAUTHORIZED: 401,
  COMPUTE_BUSY: 429,
  COMPUTE_UNAVAILABLE: 503,
  COMPUTE_LOST: 503,
  COMPUTE_DEADLINE_EXCEEDED: 504,
  INPUT_UNREADABLE: 422,
  INPUT_TOO_LARGE: 413,
  AGENT_FAILED: 500,

  // holding under load and hostile input (issue 10)
  /** A task waited for a free compute slot (compute answering 429) until QUEUE_MAX_WAIT_MINUTES ran out. */
  COMPUTE_QUEUE_TIMEOUT: 503,
  /** A JSON route was sent another Content-Type (text/plain, form-encoded) or none. */
  UNSUPPORTED_MEDIA_TYPE: 415,

  // input limits (compute readers): more columns than MAX_COLUMNS
  INPUT_TOO_WIDE: 413,
  /** input.sheet names a sheet the workbook does not have. */
  SHEET_NOT_FOUND: 422,
  /** The workbook holds several tables of comparable size and input.sheet does not say which to read. */
  SHEET_REQUIRED: 422,
  /** input.locale (or input.decimal / input.date_order) is not one the readers know. */
  LOCALE_INVALID: 422,

  // stream tickets (EventSource on GET /tasks/:id/events?ticket=)
  STREAM_TICKET_INVALID: 401,
  STREAM_TICKET_EXPIRED: 401,
  STREAM_TICKET_WRONG_TASK: 403,

  // completion webhooks
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_LIMIT_REACHED: 409,
  /** Not an absolute http(s) URL, too long, with credentials, or http where https is required. */
  WEBHOOK_URL_INVALID: 400,
  /** A loopback, private, link-local or metadata address (or an internal host name): never called from production. */
  WEBHOOK_URL_FORBIDDEN: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);
}

/** The one error body every endpoint answers with. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: Record<string, unknown>;
    request_id: string;
  };
}
