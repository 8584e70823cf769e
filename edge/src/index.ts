import { createApp } from "./app.js";
import { runMaintenance } from "./cron/maintenance.js";
import type { Env } from "./env.js";
import { consumeTaskBatch } from "./queue/consumer.js";
import { consumeDeadLetters } from "./queue/dead-letter.js";
import { backgroundDeps } from "./queue/deps.js";

const app = createApp();

const DEAD_LETTER_QUEUE = /-dlq$/;

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    const deps = backgroundDeps(env);
    if (DEAD_LETTER_QUEUE.test(batch.queue)) await consumeDeadLetters(deps, batch);
    else await consumeTaskBatch(deps, batch);
  },
  async scheduled(_controller, env) {
    try {
      await runMaintenance(backgroundDeps(env));
    } catch (err) {
      // The platform records only that the run failed; the log says why.
      console.error(
        JSON.stringify({ level: "error", msg: "maintenance failed", error: (err as Error).message, stack: (err as Error).stack }),
      );
      throw err;
    }
  },
} satisfies ExportedHandler<Env>;
