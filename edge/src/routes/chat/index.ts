import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { sendChatMessageHandler, sendChatMessageRoute } from "./send-message.js";

/** Mounts POST /chat. */
export function registerChatRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(sendChatMessageRoute, sendChatMessageHandler);
}
