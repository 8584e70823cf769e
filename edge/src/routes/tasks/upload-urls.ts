import { findTool, INPUT_ROLES } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { findTask, transitionTask } from "../../db/tasks.js";
import { ApiError } from "../../errors.js";
import { parametersKey } from "../../services/tasks.js";
import { declareInputs } from "../../services/tasks-inputs.js";
import { presignInputUpload } from "../../services/tasks-uploads.js";
import { invalidState, loadUserTask } from "./load-task.js";
import { errorResponses, jsonBody, jsonContent, taskIdParams, taskRouteErrors } from "./schemas.js";

const fileSchema = z
  .object({
    role: z.enum(INPUT_ROLES),
    filename: z.string().min(1).max(255),
    content_type: z.string().min(1).max(255),
    size_bytes: z.number().int().positive(),
  })
  .strict();

const uploadUrlsBody = z
  .object({
    files: z
      .array(fileSchema)
      .min(1)
      .max(2)
      .refine((files) => new Set(files.map((f) => f.role)).size === files.length, "Each role may appear once"),
    has_parameters: z.boolean().default(false),
    parameters_size_bytes: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: "When given, the parameters URL also signs this exact length" }),
  })
  .strict();

const presignedPut = z.object({
  method: z.literal("PUT"),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  key: z.string(),
  expires_at: z.string(),
});
const multipart = z.object({
  multipart: z.object({
    upload_id: z.string(),
    part_size: z.number().int(),
    parts: z.array(z.object({ part_number: z.number().int(), url: z.string() })),
    complete_url: z.string(),
  }),
  key: z.string(),
  expires_at: z.string(),
});
const uploadUrlsResponse = z.object({
  uploads: z.object({
    primary: z.union([presignedPut, multipart]),
    baseline: z.union([presignedPut, multipart]).optional(),
    parameters: presignedPut.optional(),
  }),
  status: z.literal("UPLOADING"),
});

export const uploadUrlsRoute = createRoute({
  method: "post",
  path: "/tasks/{id}/upload-urls",
  operationId: "createUploadUrls",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "Presigned upload URLs for the task's inputs (status UPLOADING)",
  request: { params: taskIdParams, body: jsonBody(uploadUrlsBody) },
  responses: {
    200: jsonContent("Where to PUT each file; large files get a multipart upload", uploadUrlsResponse),
    ...errorResponses({
      ...taskRouteErrors,
      400: "VALIDATION_ERROR or UPLOAD_INVALID_FILE (extension or content type)",
      409: "TASK_INVALID_STATE",
      413: "UPLOAD_TOO_LARGE",
    }),
  },
});

const ALLOWED_FROM = ["CREATED", "UPLOADING"] as const;

export const uploadUrlsHandler: RouteHandler<typeof uploadUrlsRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const task = await loadUserTask(c, id, "tasks:write");
  const { config, db, storage } = c.var;
  const body = c.req.valid("json");
  if (!ALLOWED_FROM.includes(task.status as (typeof ALLOWED_FROM)[number])) throw invalidState(task, "upload files to", ALLOWED_FROM);
  const tool = findTool(task.toolId);
  if (!tool) throw new ApiError("TOOL_NOT_FOUND", `The tool ${task.toolId} no longer exists`);

  const declared = declareInputs(config, tool, task, body.files);

  const uploads: Record<string, unknown> = {};
  for (const role of INPUT_ROLES) {
    const input = declared[role];
    if (input) uploads[role] = await presignInputUpload({ config, storage, taskId: task.taskId, role, input });
  }
  if (body.has_parameters) {
    const key = parametersKey(task.userId, task.taskId);
    const signed = body.parameters_size_bytes
      ? await storage.presignPut(key, "application/json", body.parameters_size_bytes)
      : await storage.presignPutAnySize(key, "application/json");
    uploads.parameters = { ...signed, key };
  }

  const result = await transitionTask(db, {
    taskId: task.taskId,
    from: ALLOWED_FROM,
    to: "UPLOADING",
    set: { inputs: declared, hasParameters: body.has_parameters, uploadStartedAt: task.uploadStartedAt ?? new Date() },
    eventType: "upload_urls_issued",
    payload: { roles: Object.keys(declared), has_parameters: body.has_parameters },
  });
  if (result !== "applied") {
    const fresh = (await findTask(db, task.taskId)) ?? task;
    throw invalidState(fresh, "upload files to", ALLOWED_FROM);
  }
  return c.json({ uploads: uploads as z.infer<typeof uploadUrlsResponse>["uploads"], status: "UPLOADING" as const }, 200);
};
