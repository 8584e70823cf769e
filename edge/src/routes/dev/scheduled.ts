import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { runMaintenance } from "../../cron/maintenance.js";
import { backgroundDeps } from "../../queue/deps.js";

/**
 * Runs the every-minute maintenance now, in development only. Miniflare's own trigger path
 * (/cdn-cgi/handler/scheduled) is taken by the static-assets router once the worker serves the
 * console, so local runs and tests fire the cron through the worker itself.
 */
export const devScheduledRoute = createRoute({
  method: "post",
  path: "/__dev/scheduled",
  hide: true,
  responses: {
    200: {
      description: "What the run did",
      content: {
        "application/json": {
          schema: z.object({
            requeued: z.number(),
            lost: z.number(),
            resent: z.number(),
            expired: z.number(),
            cleaned: z.number(),
            webhooks_published: z.number(),
          }),
        },
      },
    },
  },
});

export const devScheduledHandler: RouteHandler<typeof devScheduledRoute, AppEnv> = async (c) => {
  return c.json(await runMaintenance(backgroundDeps(c.env)), 200);
};
