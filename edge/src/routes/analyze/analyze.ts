/**
 * POST /analyze — the V1 endpoint, kept for old clients and deprecated. It takes the V1 multipart
 * form, stores the files in B2 itself (the Worker holds the form in memory, hence the lower body
 * limit), creates and queues a task like the V2 flow, waits a bounded time and answers in the V1
 * shape with presigned download URLs; past the wait it answers 202 with the task's Location. Every
 * call is counted and logged, and the answer carries Deprecation and Sunset headers.
 */
import { extensionOf, findTool, INPUT_FORMATS, isErrorCode, isTerminal, newId, resolveAgents } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import type { Task } from "../../db/schema/index.js";
import { findTask, findUserTask, insertTask, transitionTask } from "../../db/tasks.js";
import { countUsage } from "../../db/usage-counters.js";
import { ApiError } from "../../errors.js";
import { queueTask } from "../../services/dispatch.js";
import { parametersKey } from "../../services/tasks.js";
import { declareInputs } from "../../services/tasks-inputs.js";
import { assertTaskReady, MAX_PARAMETERS_BYTES } from "../../services/tasks-readiness.js";
import { errorResponses, jsonContent } from "../openapi.js";
import { analyzeForm, parseAgentList } from "./form.js";
import { v1Response, v1ResponseSchema } from "./v1-response.js";

export const ANALYZE_PATH = "/analyze";
const POLL_MS = 500;

/**
 * A body refused on its Content-Length is read and dropped, up to this much, before the 413: a
 * server that answers and closes while the client is still sending makes the client fail with
 * EPIPE or a reset instead of reading the answer (Cloudflare's edge buffers the body itself; a
 * local runtime does not). Past this the connection is simply closed.
 */
const DRAIN_MAX_BYTES = 8 * 1024 * 1024;

async function drainBody(req: Request, maxBytes: number): Promise<void> {
  if (!req.body || req.body.locked) return;
  const reader = req.body.getReader();
  try {
    for (let read = 0; read <= maxBytes; ) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away; nothing more to read.
  }
}

/** The body limit comes from configuration, so it is built per request. */
const analyzeBodyLimit: MiddlewareHandler<AppEnv> = (c, next) => {
  const maxSize = c.var.config.ANALYZE_MAX_BODY_BYTES;
  return bodyLimit({
    maxSize,
    onError: async (c) => {
      await drainBody(c.req.raw, DRAIN_MAX_BYTES);
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `POST /analyze takes bodies up to ${maxSize} bytes. For larger files use the task flow: POST /tasks, POST /tasks/{id}/upload-urls (presigned, multipart above the threshold), then POST /tasks/{id}/process`,
        { max_bytes: maxSize, upload_flow: ["POST /tasks", "POST /tasks/{id}/upload-urls", "POST /tasks/{id}/process"] },
      );
    },
  })(c, next);
};

/** V1 clients sent multipart forms; anything else is refused before the form parser sees it. */
const requireForm: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^multipart\/form-data\s*;/i.test(c.req.header("content-type") ?? "")) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      "POST /analyze takes a multipart/form-data body (tool_id, agents, parameters_json, primary, baseline)",
    );
  }
  await next();
};

export const analyzeRoute = createRoute({
  method: "post",
  path: ANALYZE_PATH,
  tags: ["v1"],
  operationId: "analyzeV1",
  deprecated: true,
  summary: "V1: run a tool on uploaded files in one request (deprecated: use the task flow)",
  description:
    "Waits up to ANALYZE_WAIT_SECONDS for the task; answers 200 in the V1 shape, or 202 with Location: /tasks/{id} when the task is still running.",
  security: [{ bearerAuth: [] }],
  middleware: [analyzeBodyLimit, requireForm] as const,
  request: { body: { required: true, content: { "multipart/form-data": { schema: analyzeForm } } } },
  responses: {
    200: jsonContent("The V1 result: each agent's output and presigned downloads", v1ResponseSchema),
    202: jsonContent(
      "Still running: follow the task (Location header)",
      z.object({ analysis_id: z.string(), task_id: z.string(), status: z.string(), status_url: z.string(), events_url: z.string() }),
    ),
    ...errorResponses({
      400: "VALIDATION_ERROR, AGENT_NOT_IN_TOOL or UPLOAD_INVALID_FILE",
      401: "AUTH_REQUIRED, AUTH_INVALID_TOKEN or AUTH_TOKEN_EXPIRED",
      402: "BILLING_INSUFFICIENT_CREDITS with {required, available}",
      403: "AUTH_SCOPE_FORBIDDEN (an API key without tasks:write), AUTH_NOT_VERIFIED or AUTH_ACCOUNT_DISABLED",
      404: "TOOL_NOT_FOUND",
      409: "UPLOAD_MISSING_FILES, or TASK_INVALID_STATE when the task was cancelled meanwhile",
      413: "PAYLOAD_TOO_LARGE (use the upload-URL flow) or UPLOAD_TOO_LARGE",
      415: "UNSUPPORTED_MEDIA_TYPE: not a multipart form",
      422: "PARAMETERS_INVALID, or the task failed on its input (INPUT_UNREADABLE, …) with task_id in details",
      429: "RATE_LIMITED (API key limit)",
      500: "AGENT_FAILED: the task failed, task_id in details",
      503: "COMPUTE_UNAVAILABLE or COMPUTE_LOST: the task failed for a system reason, task_id in details",
      504: "COMPUTE_DEADLINE_EXCEEDED",
    }),
  },
});

export const analyzeHandler: RouteHandler<typeof analyzeRoute, AppEnv> = async (c) => {
  const user = await requireUser(c, "tasks:write");
  const { config, db, storage } = c.var;
  c.header("Deprecation", "true");
  c.header("Sunset", config.ANALYZE_SUNSET);
  c.header("Link", '</openapi.json>; rel="successor-version"');
  const calls = await countUsage(db, "POST /analyze", new Date());
  console.log(
    JSON.stringify({
      level: "warn",
      msg: "deprecated endpoint called",
      endpoint: "POST /analyze",
      calls,
      user_id: user.id,
      request_id: c.var.requestId,
    }),
  );

  const form = c.req.valid("form");
  const tool = findTool(form.tool_id);
  if (!tool) throw new ApiError("TOOL_NOT_FOUND", `No tool ${form.tool_id}`, { tool_id: form.tool_id });
  const resolved = resolveAgents(tool, parseAgentList(form.agents));
  if (!resolved.ok) {
    throw new ApiError("AGENT_NOT_IN_TOOL", `Not agents of ${tool.id}: ${resolved.unknown.join(", ")}`, {
      unknown_agents: resolved.unknown,
      tool_agents: tool.agents.map((a) => a.id),
    });
  }
  const parameters = form.parameters_json?.trim() ? form.parameters_json : undefined;
  if (parameters !== undefined) checkParametersText(parameters);

  const taskId = newId("task");
  await insertTask(db, { taskId, userId: user.id, toolId: tool.id, agents: resolved.agents, status: "CREATED" });
  const created = await findUserTask(db, user.id, taskId);
  if (!created) throw new Error(`task ${taskId} vanished after insert`);
  const files = { primary: form.primary, baseline: form.baseline };
  const declared = declareInputs(
    config,
    tool,
    created,
    (["primary", "baseline"] as const)
      .filter((role) => files[role])
      .map((role) => {
        const file = files[role] as File;
        // V1 clients label parts loosely (octet-stream, vnd.ms-excel): the extension decides.
        return { role, filename: file.name, content_type: contentTypeFor(file.name), size_bytes: file.size };
      }),
  );
  for (const role of ["primary", "baseline"] as const) {
    const input = declared[role];
    const file = files[role];
    if (!input || !file) continue;
    await storage.putBytes(input.key, await file.arrayBuffer(), input.content_type);
    input.completed = true;
  }
  if (parameters !== undefined) await storage.putText(parametersKey(user.id, taskId), parameters, "application/json");
  await transitionTask(db, {
    taskId,
    from: ["CREATED"],
    to: "UPLOADING",
    set: { inputs: declared, hasParameters: parameters !== undefined, uploadStartedAt: new Date() },
    eventType: "analyze_files_stored",
    payload: { roles: Object.keys(declared), has_parameters: parameters !== undefined },
  });
  const uploaded = await findTask(db, taskId);
  if (!uploaded) throw new Error(`task ${taskId} vanished after upload`);
  await assertTaskReady({ db, storage }, uploaded);
  if (!(await queueTask({ db, config }, uploaded, ["UPLOADING"], "process", { via: "analyze" }))) {
    throw new ApiError("TASK_INVALID_STATE", "The task changed while it was being queued", { task_id: taskId });
  }

  const finished = await waitForEnd(c.var.db, taskId, Date.now() + config.ANALYZE_WAIT_SECONDS * 1000);
  if (!finished || !isTerminal(finished.status)) {
    c.header("Location", `/tasks/${taskId}`);
    return c.json(
      {
        analysis_id: taskId,
        task_id: taskId,
        status: finished?.status ?? "QUEUED",
        status_url: `/tasks/${taskId}`,
        events_url: `/tasks/${taskId}/events`,
      },
      202,
    );
  }
  if (finished.status !== "COMPLETED") throw taskError(finished);
  return c.json(await v1Response(storage, finished), 200);
};

async function waitForEnd(db: AppEnv["Variables"]["db"], taskId: string, deadline: number): Promise<Task | undefined> {
  let task = await findTask(db, taskId);
  while (task && !isTerminal(task.status) && Date.now() + POLL_MS <= deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    task = await findTask(db, taskId);
  }
  return task;
}

function taskError(task: Task): ApiError {
  if (task.status === "FAILED" && isErrorCode(task.errorCode)) {
    return new ApiError(task.errorCode, task.errorMessage ?? "The task failed", { task_id: task.taskId, status: task.status });
  }
  return new ApiError("TASK_INVALID_STATE", `The task ended ${task.status}`, { task_id: task.taskId, status: task.status });
}

function checkParametersText(text: string): void {
  if (new TextEncoder().encode(text).length > MAX_PARAMETERS_BYTES) {
    throw new ApiError("PARAMETERS_INVALID", `parameters_json is limited to ${MAX_PARAMETERS_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError("PARAMETERS_INVALID", "parameters_json is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ApiError("PARAMETERS_INVALID", "parameters_json must be a JSON object");
}

function contentTypeFor(filename: string): string {
  const ext = extensionOf(filename);
  return ext ? INPUT_FORMATS[ext].contentType : "";
}
