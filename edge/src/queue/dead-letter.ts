/** Messages that exhausted their retries: compute never took the task, so it fails with COMPUTE_UNAVAILABLE. */
import { eq } from "drizzle-orm";
import { tasks } from "../db/schema/index.js";
import { transitionTask } from "../db/tasks.js";
import { isTaskMessage } from "../services/dispatch.js";
import { refundSystemFailure } from "../services/tasks-refunds.js";
import { isWebhookDeliveryMessage } from "../services/webhooks/messages.js";
import { publishTaskWebhooks } from "../services/webhooks/publish.js";
import { type BackgroundDeps, logJson } from "./deps.js";

export async function consumeDeadLetters(deps: BackgroundDeps, batch: MessageBatch<unknown>): Promise<void> {
  for (const message of batch.messages) {
    if (isTaskMessage(message.body)) {
      const result = await transitionTask(deps.db, {
        taskId: message.body.task_id,
        from: ["QUEUED"],
        to: "FAILED",
        where: eq(tasks.attempt, message.body.attempt),
        set: {
          errorCode: "COMPUTE_UNAVAILABLE",
          errorMessage: "Compute did not accept the task after every retry",
          failedAt: new Date(),
        },
        eventType: "dead_letter",
        payload: { attempt: message.body.attempt, deliveries: message.attempts },
      });
      // An earlier attempt may have charged agents before compute went away for good.
      if (result === "applied") {
        await refundSystemFailure(deps.db, message.body.task_id);
        await publishTaskWebhooks(deps, message.body.task_id);
      }
      logJson("warn", "task dead-lettered", { task_id: message.body.task_id, result });
    } else if (isWebhookDeliveryMessage(message.body)) {
      // Our own side kept failing (database or queue) for this attempt; its row shows where it stopped.
      logJson("error", "webhook delivery dead-lettered", { ...message.body });
    }
    message.ack();
  }
}
