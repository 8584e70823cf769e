import type { OpenAPIHono } from "@hono/zod-openapi";
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
export function registerTaskRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listToolsRoute, listToolsHandler);
  app.openapi(getToolRoute, getToolHandler);

  app.openapi(createTaskRoute, createTaskHandler);
  app.openapi(listTasksRoute, listTasksHandler);
  app.openapi(getTaskRoute, getTaskHandler);
  app.openapi(uploadUrlsRoute, uploadUrlsHandler);
  app.openapi(completeUploadRoute, completeUploadHandler);
  app.openapi(processTaskRoute, processTaskHandler);
  app.openapi(cancelTaskRoute, cancelTaskHandler);
  app.openapi(retryTaskRoute, retryTaskHandler);
  app.openapi(deleteTaskRoute, deleteTaskHandler);
  app.openapi(downloadsRoute, downloadsHandler);
  app.openapi(resultsRoute, resultsHandler);
  app.openapi(taskEventsRoute, taskEventsHandler);
  app.openapi(createTaskEventsTicketRoute, createTaskEventsTicketHandler);
  app.openAPIRegistry.registerComponent("securitySchemes", "streamTicket", {
    type: "apiKey",
    in: "query",
    name: "ticket",
    description: "A 60-second ticket from POST /tasks/{id}/events/ticket; accepted only by GET /tasks/{id}/events",
  });

  app.openapi(callbackRoute, callbackHandler);
}
