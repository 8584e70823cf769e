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
    await runMaintenance(backgroundDeps(env));
  },
} satisfies ExportedHandler<Env>;
