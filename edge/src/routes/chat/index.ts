import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import type { AppEnv } from "../../context.js";
import { sendChatMessageHandler, sendChatMessageRoute } from "./send-message.js";

/** Mounts POST /chat. */
export function registerChatRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app.openapi(sendChatMessageRoute, sendChatMessageHandler);
}
