/**
 * The every-minute cron: recovers tasks whose compute went silent, re-sends queued tasks that
 * never reached compute, expires abandoned uploads, removes files past retention and sends
 * webhook events whose request stopped before publishing them.
 */
import { eq } from "drizzle-orm";
import { tasks } from "../db/schema/index.js";
import {
  findAbandonedTasks,
  findStaleProcessingTasks,
  findTasksPastRetention,
  findWaitingQueuedTasks,
  markCleanedUp,
  recordTaskEvent,
  transitionTask,
  updateTaskWhile,
} from "../db/tasks.js";
import { type BackgroundDeps, logJson } from "../queue/deps.js";
import { enqueueTask, queueTask } from "../services/dispatch.js";
import { taskPrefix } from "../services/tasks.js";
import { refundSystemFailure } from "../services/tasks-refunds.js";
import { publishStrandedWebhooks, publishTaskWebhooks } from "../services/webhooks/publish.js";

export const HEARTBEAT_STALE_MS = 2 * 60_000;
export const QUEUED_STALE_MS = 10 * 60_000;
export const UPLOAD_ABANDONED_MS = 24 * 60 * 60_000;
export const MAX_ATTEMPTS = 3;
/** An event younger than this may still be published by the request that wrote it. */
export const WEBHOOK_PUBLISH_GRACE_MS = 60_000;

export interface MaintenanceReport {
  requeued: number;
  lost: number;
  resent: number;
  expired: number;
  cleaned: number;
  webhooks_published: number;
}

async function recoverStaleProcessing(deps: BackgroundDeps, now: Date, report: MaintenanceReport) {
  for (const task of await findStaleProcessingTasks(deps.db, new Date(now.getTime() - HEARTBEAT_STALE_MS))) {
    if (task.attempt >= MAX_ATTEMPTS) {
      const result = await transitionTask(deps.db, {
        taskId: task.taskId,
        from: ["PROCESSING"],
        to: "FAILED",
        where: eq(tasks.attempt, task.attempt),
        set: {
          errorCode: "COMPUTE_LOST",
          errorMessage: `Compute stopped reporting ${MAX_ATTEMPTS} times`,
          failedAt: now,
          currentAgent: null,
        },
        eventType: "cron.compute_lost",
        payload: { attempt: task.attempt },
      });
      if (result === "applied") {
        report.lost++;
        await refundSystemFailure(deps.db, task.taskId);
        await publishTaskWebhooks(deps, task.taskId);
      }
    } else if (await queueTask(deps, task, ["PROCESSING"], "cron.requeue", { stale_heartbeat_at: task.heartbeatAt?.toISOString() })) {
      report.requeued++;
    }
  }
}

async function resendWaitingQueued(deps: BackgroundDeps, now: Date, report: MaintenanceReport) {
  for (const task of await findWaitingQueuedTasks(deps.db, new Date(now.getTime() - QUEUED_STALE_MS))) {
    // Stamping dispatched_at first keeps the next run from sending it again straight away.
    if (!(await updateTaskWhile(deps.db, task.taskId, ["QUEUED"], { dispatchedAt: now }))) continue;
    await enqueueTask(deps.config, { task_id: task.taskId, attempt: task.attempt });
    await recordTaskEvent(deps.db, { taskId: task.taskId, type: "cron.resend", payload: { attempt: task.attempt } });
    report.resent++;
  }
}

async function expireAbandoned(deps: BackgroundDeps, now: Date, report: MaintenanceReport) {
  for (const task of await findAbandonedTasks(deps.db, new Date(now.getTime() - UPLOAD_ABANDONED_MS))) {
    const result = await transitionTask(deps.db, {
      taskId: task.taskId,
      from: ["CREATED", "UPLOADING"],
      to: "EXPIRED",
      set: { expiredAt: now },
      eventType: "cron.expire",
    });
    if (result === "applied") {
      report.expired++;
      await publishTaskWebhooks(deps, task.taskId);
    }
  }
}

async function cleanUpPastRetention(deps: BackgroundDeps, now: Date, report: MaintenanceReport) {
  const before = new Date(now.getTime() - deps.config.RETENTION_DAYS * 24 * 60 * 60_000);
  for (const task of await findTasksPastRetention(deps.db, before)) {
    await deps.storage.deletePrefix(taskPrefix(task.userId, task.taskId));
    await markCleanedUp(deps.db, task.taskId);
    report.cleaned++;
  }
}

async function publishStranded(deps: BackgroundDeps, now: Date, report: MaintenanceReport) {
  report.webhooks_published += await publishStrandedWebhooks(deps, now, WEBHOOK_PUBLISH_GRACE_MS);
}

export async function runMaintenance(deps: BackgroundDeps, now = new Date()): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { requeued: 0, lost: 0, resent: 0, expired: 0, cleaned: 0, webhooks_published: 0 };
  // Each rule runs even when another fails, so one bad row cannot stall the others.
  const rules = [recoverStaleProcessing, resendWaitingQueued, expireAbandoned, cleanUpPastRetention, publishStranded];
  for (const rule of rules) {
    try {
      await rule(deps, now, report);
    } catch (err) {
      logJson("error", "cron rule failed", { rule: rule.name, error: (err as Error).message });
    }
  }
  logJson("info", "cron", { ...report });
  return report;
}
