/** Request and response shapes the task routes share. */
import { runSummarySchema, TASK_STATUSES } from "@agensium/shared";
import { z } from "@hono/zod-openapi";

export { errorResponses, jsonBody, jsonContent } from "../openapi.js";

export const taskIdParams = z.object({ id: z.string().min(1).max(40).openapi({ example: "tsk_01JD5Z8Q2W3E4R5T6Y7U8I9O0P" }) });

export const taskSchema = z
  .object({
    task_id: z.string(),
    tool_id: z.string(),
    agents: z.array(z.string()),
    status: z.enum(TASK_STATUSES),
    progress: z.number().int().min(0).max(100),
    current_agent: z.string().nullable(),
    rows_processed: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Rows the current agent has been through (live, while PROCESSING)" }),
    step: z.string().nullable().openapi({ description: "What the current agent is doing: reading, scanning, writing, …" }),
    attempt: z.number().int(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    created_at: z.string(),
    upload_started_at: z.string().nullable(),
    queued_at: z.string().nullable(),
    processing_started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    failed_at: z.string().nullable(),
    cancelled_at: z.string().nullable(),
    result_summary: runSummarySchema
      .openapi("RunSummary")
      .nullable()
      .openapi({ description: "Per agent status and headline figures, once the run ended" }),
  })
  .openapi("Task");

/** What every route behind a bearer token and a task id can answer. */
export const taskRouteErrors = {
  401: "AUTH_REQUIRED, AUTH_INVALID_TOKEN or AUTH_TOKEN_EXPIRED",
  403: "AUTH_SCOPE_FORBIDDEN (an API key without the scope this call needs), AUTH_NOT_VERIFIED or AUTH_ACCOUNT_DISABLED",
  404: "TASK_NOT_FOUND (also for another user's task)",
  429: "RATE_LIMITED: the API key's per-minute limit (Retry-After)",
};
