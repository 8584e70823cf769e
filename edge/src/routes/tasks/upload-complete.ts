import { INPUT_ROLES } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { updateTaskWhile } from "../../db/tasks.js";
import { ApiError } from "../../errors.js";
import { StorageError } from "../../services/storage.js";
import { invalidState, loadUserTask } from "./load-task.js";
import { errorResponses, jsonBody, jsonContent, taskIdParams, taskRouteErrors } from "./schemas.js";

const completeBody = z
  .object({
    parts: z
      .array(z.object({ part_number: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) }).strict())
      .min(1)
      .max(10_000),
  })
  .strict();

export const completeUploadRoute = createRoute({
  method: "post",
  path: "/tasks/{id}/uploads/{role}/complete",
  operationId: "completeUpload",
  security: [{ bearerAuth: [] }],
  tags: ["tasks"],
  summary: "Finish a multipart upload with the ETag of every part",
  request: { params: taskIdParams.extend({ role: z.enum(INPUT_ROLES) }), body: jsonBody(completeBody) },
  responses: {
    200: jsonContent("The file is stored", z.object({ role: z.enum(INPUT_ROLES), key: z.string(), size_bytes: z.number().int() })),
    ...errorResponses({
      ...taskRouteErrors,
      400: "VALIDATION_ERROR or UPLOAD_INVALID_FILE (no multipart upload for this role, or parts the store refused)",
      409: "TASK_INVALID_STATE",
    }),
  },
});

export const completeUploadHandler: RouteHandler<typeof completeUploadRoute, AppEnv> = async (c) => {
  const { id, role } = c.req.valid("param");
  const task = await loadUserTask(c, id, "tasks:write");
  const { db, storage } = c.var;
  if (task.status !== "UPLOADING") throw invalidState(task, "complete an upload of", ["UPLOADING"]);
  const input = task.inputs?.[role];
  if (!input?.upload_id) throw new ApiError("UPLOAD_INVALID_FILE", `There is no multipart upload for the ${role} file`, { role });
  const { parts } = c.req.valid("json");
  if (!input.completed) {
    try {
      await storage.completeMultipartUpload(
        input.key,
        input.upload_id,
        parts.map((p) => ({ partNumber: p.part_number, etag: p.etag })),
      );
    } catch (err) {
      if (err instanceof StorageError && err.status >= 400 && err.status < 500) {
        throw new ApiError("UPLOAD_INVALID_FILE", `The store refused the parts of the ${role} file`, { role });
      }
      throw err;
    }
  }
  const head = await storage.head(input.key);
  if (!head) throw new ApiError("UPLOAD_INVALID_FILE", `The ${role} file is not in the store`, { role });
  if (head.size !== input.size_bytes) {
    throw new ApiError("UPLOAD_INVALID_FILE", `The ${role} file has ${head.size} bytes; ${input.size_bytes} were declared`, {
      role,
      size_bytes: head.size,
      declared_bytes: input.size_bytes,
    });
  }
  const inputs = { ...task.inputs, [role]: { ...input, completed: true } };
  if (!(await updateTaskWhile(db, task.taskId, ["UPLOADING"], { inputs })))
    throw invalidState(task, "complete an upload of", ["UPLOADING"]);
  return c.json({ role, key: input.key, size_bytes: head.size }, 200);
};
