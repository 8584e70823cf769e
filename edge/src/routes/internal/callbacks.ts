import { callbackEventSchema, JOB_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { findTask } from "../../db/tasks.js";
import { ApiError, zodDetails } from "../../errors.js";
import { applyCallback } from "../../services/tasks-callbacks.js";
import { publishTaskWebhooks } from "../../services/webhooks/publish.js";
import { COMPUTE_CALLBACK_EVENT, rawJsonBody } from "../contract.js";
import { errorResponses, taskIdParams } from "../tasks/schemas.js";

export const callbackRoute = createRoute({
  method: "post",
  path: "/internal/tasks/{id}/callbacks",
  operationId: "receiveComputeCallback",
  security: [{ computeSignature: [] }],
  tags: ["internal"],
  summary: "Compute reports progress (HMAC-SHA256 over timestamp, method, path, job id and body; 5-minute window)",
  request: {
    params: taskIdParams,
    // Read raw: the signature covers the exact bytes, and the event is parsed only once it verifies.
    body: rawJsonBody(COMPUTE_CALLBACK_EVENT, "One event of the job (discriminated by `type`)"),
  },
  responses: {
    200: {
      description: "Recorded; applied=false for an event id seen before",
      content: { "application/json": { schema: z.object({ task_id: z.string(), event_id: z.string(), applied: z.boolean() }) } },
    },
    ...errorResponses({
      400: "VALIDATION_ERROR or AGENT_NOT_IN_TOOL",
      401: "CALLBACK_UNAUTHORIZED: missing, stale or wrong signature (signed for another path or job)",
      402: "BILLING_INSUFFICIENT_CREDITS: the task failed, stop",
      404: "TASK_NOT_FOUND",
      409: "TASK_INVALID_STATE: cancelled, finished, superseded attempt or not the task's current job, stop",
    }),
  },
});

export const callbackHandler: RouteHandler<typeof callbackRoute, AppEnv> = async (c) => {
  const { config, db } = c.var;
  const body = await c.req.text();
  const jobId = c.req.header(JOB_ID_HEADER);
  // The path as this request reached us: a signature made for another task's URL does not verify here.
  const signed = { method: c.req.method, path: new URL(c.req.url).pathname, jobId, body };
  const check = await verifyRequest(config.COMPUTE_SHARED_SECRET, signed, c.req.header(TIMESTAMP_HEADER), c.req.header(SIGNATURE_HEADER));
  if (!check.ok) throw new ApiError("CALLBACK_UNAUTHORIZED", `The callback signature is ${check.reason}`, { reason: check.reason });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ApiError("VALIDATION_ERROR", "The callback body is not JSON");
  }
  const parsed = callbackEventSchema.safeParse(json);
  if (!parsed.success) throw new ApiError("VALIDATION_ERROR", "The callback event is invalid", zodDetails(parsed.error));
  const { id } = c.req.valid("param");
  const task = await findTask(db, id);
  if (!task) throw new ApiError("TASK_NOT_FOUND", `No task ${id}`);
  // Signed by a job, but not the one the task's current attempt runs: an older attempt's job stops here.
  if (task.jobId !== jobId) {
    throw new ApiError("TASK_INVALID_STATE", "This job is not the task's current job; stop", {
      status: task.status,
      attempt: task.attempt,
    });
  }
  try {
    return c.json(await applyCallback(db, task, parsed.data), 200);
  } finally {
    // The callbacks that can end a task (agent_started: when the wallet runs dry) send its webhook events.
    if (ENDING_CALLBACKS.has(parsed.data.type)) await publishTaskWebhooks({ db, config }, task.taskId);
  }
};

const ENDING_CALLBACKS = new Set(["completed", "failed", "agent_started"]);
