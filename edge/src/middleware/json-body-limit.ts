import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";

/** JSON bodies above this are refused before parsing; uploads never come through the edge. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

export const jsonBodyLimit: MiddlewareHandler<AppEnv> = bodyLimit({
  maxSize: MAX_JSON_BODY_BYTES,
  onError: () => {
    throw new ApiError("PAYLOAD_TOO_LARGE", `Request bodies are limited to ${MAX_JSON_BODY_BYTES / 1024} KiB`);
  },
});
