import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import type { AppEnv } from "../../context.js";
import { callbackHandler, callbackRoute } from "../internal/callbacks.js";
import { getToolHandler, getToolRoute } from "../tools/get.js";
import { listToolsHandler, listToolsRoute } from "../tools/list.js";
import { cancelTaskHandler, cancelTaskRoute } from "./cancel.js";
import { createTaskHandler, createTaskRoute } from "./create.js";
import { deleteTaskHandler, deleteTaskRoute } from "./delete.js";
import { downloadsHandler, downloadsRoute } from "./downloads.js";
import { taskEventsHandler, taskEventsRoute } from "./events.js";
import { createTaskEventsTicketHandler, createTaskEventsTicketRoute } from "./events-ticket.js";
import { getTaskHandler, getTaskRoute } from "./get.js";
import { listTasksHandler, listTasksRoute } from "./list.js";
import { processTaskHandler, processTaskRoute } from "./process.js";
import { resultsHandler, resultsRoute } from "./results.js";
import { retryTaskHandler, retryTaskRoute } from "./retry.js";
import { completeUploadHandler, completeUploadRoute } from "./upload-complete.js";
import { uploadUrlsHandler, uploadUrlsRoute } from "./upload-urls.js";

/** Mounts the task, tool and internal callback routes. */
export function registerTaskRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(listToolsRoute, listToolsHandler)
    .openapi(getToolRoute, getToolHandler)
    .openapi(createTaskRoute, createTaskHandler)
    .openapi(listTasksRoute, listTasksHandler)
    .openapi(getTaskRoute, getTaskHandler)
    .openapi(uploadUrlsRoute, uploadUrlsHandler)
    .openapi(completeUploadRoute, completeUploadHandler)
    .openapi(processTaskRoute, processTaskHandler)
    .openapi(cancelTaskRoute, cancelTaskHandler)
    .openapi(retryTaskRoute, retryTaskHandler)
    .openapi(deleteTaskRoute, deleteTaskHandler)
    .openapi(downloadsRoute, downloadsHandler)
    .openapi(resultsRoute, resultsHandler)
    .openapi(taskEventsRoute, taskEventsHandler)
    .openapi(createTaskEventsTicketRoute, createTaskEventsTicketHandler)
    .openapi(callbackRoute, callbackHandler);
}
