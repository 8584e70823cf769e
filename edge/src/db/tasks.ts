/**
 * Task queries. Every status change goes through transitionTask: one conditional UPDATE
 * (`WHERE task_id = ? AND status IN (...)`) and, when it matched, one task_events row in the
 * same transaction, so two racing requests cannot both win and the history never skips a step.
 * A transition into an end state also writes its webhook event there (db/webhooks.ts), so no
 * path that ends a task can forget to, and none can write it twice.
 */
import { isTerminal, newId, type TaskStatus } from "@agensium/shared";
import { and, desc, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { agentCosts, creditTransactions, type NewTask, type Task, taskEvents, tasks } from "./schema/index.js";
import { sqlTime } from "./sql-time.js";
import { recordWebhookEvent } from "./webhooks.js";

export type TaskChanges = Partial<Omit<NewTask, "taskId" | "userId" | "status" | "createdAt">>;

export interface TransitionOptions {
  taskId: string;
  from: readonly TaskStatus[];
  to: TaskStatus;
  /** Columns written with the status change. */
  set?: TaskChanges;
  /** task_events.event_id; a compute callback passes its own so a replay is recognised. */
  eventId?: string;
  eventType: string;
  payload?: Record<string, unknown>;
  /** Extra guard on the row, e.g. the attempt a callback belongs to. */
  where?: SQL;
}

const DUPLICATE_KEY = /Duplicate entry|ER_DUP_ENTRY|errno 1062/;

/** drizzle wraps driver errors ("Failed query: …"); the database's own message is further down `cause`. */
export function isDuplicateKeyError(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    if (DUPLICATE_KEY.test(String((current as Error).message ?? current))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

class DuplicateEvent extends Error {}

export type TransitionResult = "applied" | "not_applicable" | "duplicate_event";

/** Moves a task from one of `from` to `to`; "not_applicable" when its status was not in `from`. */
export async function transitionTask(db: Database, options: TransitionOptions): Promise<TransitionResult> {
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx.select({ status: tasks.status }).from(tasks).where(eq(tasks.taskId, options.taskId)).limit(1);
      const updated = await tx
        .update(tasks)
        .set({ ...options.set, status: options.to, updatedAt: new Date() })
        .where(and(eq(tasks.taskId, options.taskId), inArray(tasks.status, [...options.from]), options.where));
      if (updated.rowsAffected !== 1) return "not_applicable" as const;
      try {
        await tx.insert(taskEvents).values({
          taskId: options.taskId,
          eventId: options.eventId ?? newId("event"),
          type: options.eventType,
          fromStatus: current?.status,
          toStatus: options.to,
          payload: options.payload,
        });
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new DuplicateEvent();
        throw err;
      }
      if (isTerminal(options.to)) await recordWebhookEvent(tx, options.taskId);
      return "applied" as const;
    });
  } catch (err) {
    if (err instanceof DuplicateEvent) return "duplicate_event";
    throw err;
  }
}

/** Records an event that changes no status; false when (task, event id) was already recorded. */
export async function recordTaskEvent(
  db: Database,
  event: { taskId: string; eventId?: string; type: string; payload?: Record<string, unknown> },
): Promise<boolean> {
  try {
    await db.insert(taskEvents).values({
      taskId: event.taskId,
      eventId: event.eventId ?? newId("event"),
      type: event.type,
      payload: event.payload,
    });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

export async function hasTaskEvent(db: Database, taskId: string, eventId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: taskEvents.id })
    .from(taskEvents)
    .where(and(eq(taskEvents.taskId, taskId), eq(taskEvents.eventId, eventId)))
    .limit(1);
  return row !== undefined;
}

export async function insertTask(db: Database, task: NewTask): Promise<void> {
  await db.insert(tasks).values(task);
  await recordTaskEvent(db, { taskId: task.taskId, type: "created", payload: { tool_id: task.toolId, agents: task.agents } });
}

export async function findTask(db: Database, taskId: string): Promise<Task | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.taskId, taskId)).limit(1);
  return row;
}

/** The task when it belongs to the user; another user's task is indistinguishable from none. */
export async function findUserTask(db: Database, userId: string, taskId: string): Promise<Task | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.taskId, taskId), eq(tasks.userId, userId)))
    .limit(1);
  return row;
}

export async function findTaskByIdempotencyKey(db: Database, userId: string, key: string): Promise<Task | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.userId, userId), eq(tasks.idempotencyKey, key)))
    .limit(1);
  return row;
}

/** Newest first, keyset-paged on task_id (a ULID, so by creation time). */
export async function listUserTasks(
  db: Database,
  options: { userId: string; status?: TaskStatus; toolId?: string; before?: string; limit: number },
): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.userId, options.userId),
        options.status ? eq(tasks.status, options.status) : undefined,
        options.toolId ? eq(tasks.toolId, options.toolId) : undefined,
        options.before ? lt(tasks.taskId, options.before) : undefined,
      ),
    )
    .orderBy(desc(tasks.taskId))
    .limit(options.limit);
}

/** Writes columns that are not a status change, only while the task is in one of `statuses`. */
export async function updateTaskWhile(db: Database, taskId: string, statuses: readonly TaskStatus[], set: TaskChanges): Promise<boolean> {
  const updated = await db
    .update(tasks)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(tasks.taskId, taskId), inArray(tasks.status, [...statuses])));
  return updated.rowsAffected === 1;
}

/**
 * Gives the attempt a job id when it has none (a task queued before job ids were kept); the
 * guarded UPDATE lets only one of two racing dispatches choose it. Undefined when the attempt moved on.
 */
export async function assignJobId(db: Database, taskId: string, attempt: number): Promise<string | undefined> {
  await db
    .update(tasks)
    .set({ jobId: newId("job") })
    .where(and(eq(tasks.taskId, taskId), eq(tasks.attempt, attempt), sql`${tasks.jobId} IS NULL`));
  const [row] = await db
    .select({ jobId: tasks.jobId })
    .from(tasks)
    .where(and(eq(tasks.taskId, taskId), eq(tasks.attempt, attempt)))
    .limit(1);
  return row?.jobId ?? undefined;
}

/**
 * A heartbeat: the task is alive (heartbeat_at), and its progress and agent, unless progress
 * callbacks own those (progress_seq > 0): a heartbeat sent before the newest of them must not
 * pull the bar back. Only while PROCESSING.
 */
export async function writeHeartbeat(
  db: Database,
  taskId: string,
  beat: { progress: number; agentId?: string; at: Date },
): Promise<boolean> {
  const unlessLive = <T>(value: T, column: typeof tasks.progress | typeof tasks.currentAgent) =>
    sql`CASE WHEN ${tasks.progressSeq} = 0 THEN ${value} ELSE ${column} END`;
  const updated = await db
    .update(tasks)
    .set({
      heartbeatAt: beat.at,
      progress: unlessLive(beat.progress, tasks.progress),
      ...(beat.agentId ? { currentAgent: unlessLive(beat.agentId, tasks.currentAgent) } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(tasks.taskId, taskId), eq(tasks.status, "PROCESSING")));
  return updated.rowsAffected === 1;
}

/**
 * A progress callback's single write: applied only while the task is PROCESSING in the same
 * attempt and `seq` is newer than the last one applied, so a late or replayed event changes nothing.
 */
export async function writeProgress(
  db: Database,
  progress: {
    taskId: string;
    attempt: number;
    seq: number;
    set: Pick<TaskChanges, "progress" | "currentAgent" | "rowsProcessed" | "step">;
  },
): Promise<boolean> {
  const updated = await db
    .update(tasks)
    .set({ ...progress.set, progressSeq: progress.seq, updatedAt: new Date() })
    .where(
      and(
        eq(tasks.taskId, progress.taskId),
        eq(tasks.status, "PROCESSING"),
        eq(tasks.attempt, progress.attempt),
        lt(tasks.progressSeq, progress.seq),
      ),
    );
  return updated.rowsAffected === 1;
}

/** Removes the task row and its history (after its files are gone). */
export async function deleteTaskRow(db: Database, taskId: string): Promise<void> {
  await db.delete(taskEvents).where(eq(taskEvents.taskId, taskId));
  await db.delete(tasks).where(eq(tasks.taskId, taskId));
}

const CRON_BATCH = 100;

/** PROCESSING tasks whose last heartbeat (or start) is older than `before`. */
export async function findStaleProcessingTasks(db: Database, before: Date): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.status, "PROCESSING"),
        lt(sql`COALESCE(${tasks.heartbeatAt}, ${tasks.processingStartedAt}, ${tasks.queuedAt})`, sqlTime(before)),
      ),
    )
    .orderBy(tasks.taskId)
    .limit(CRON_BATCH);
}

/** QUEUED tasks neither dispatched nor re-sent since `before`. */
export async function findWaitingQueuedTasks(db: Database, before: Date): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.status, "QUEUED"), lt(sql`COALESCE(${tasks.dispatchedAt}, ${tasks.queuedAt})`, sqlTime(before))))
    .orderBy(tasks.taskId)
    .limit(CRON_BATCH);
}

/** CREATED or UPLOADING tasks created before `before`. */
export async function findAbandonedTasks(db: Database, before: Date): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(inArray(tasks.status, ["CREATED", "UPLOADING"]), lt(tasks.createdAt, before)))
    .orderBy(tasks.taskId)
    .limit(CRON_BATCH);
}

/** Tasks created before `before` whose files are still stored (never one still running). */
export async function findTasksPastRetention(db: Database, before: Date): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.isCleanedUp, false),
        lt(tasks.createdAt, before),
        inArray(tasks.status, ["COMPLETED", "FAILED", "CANCELLED", "EXPIRED"]),
      ),
    )
    .orderBy(tasks.taskId)
    .limit(CRON_BATCH);
}

export async function markCleanedUp(db: Database, taskId: string): Promise<void> {
  await db.update(tasks).set({ isCleanedUp: true, cleanedUpAt: new Date(), updatedAt: new Date() }).where(eq(tasks.taskId, taskId));
}

/** Credits per agent from agent_costs (editable without a deploy), for the given agents. */
export async function agentCostsFor(db: Database, agentIds: readonly string[]): Promise<Map<string, number>> {
  if (agentIds.length === 0) return new Map();
  const rows = await db
    .select({ agentId: agentCosts.agentId, cost: agentCosts.cost })
    .from(agentCosts)
    .where(inArray(agentCosts.agentId, [...agentIds]));
  return new Map(rows.map((r) => [r.agentId, Number(r.cost)]));
}

/**
 * Agents of a task already charged. A CONSUME is keyed per task and agent, so these never pay
 * again on a re-run (cron re-queue or user retry).
 */
export async function chargedAgents(db: Database, taskId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ agentId: creditTransactions.agentId, delta: creditTransactions.deltaCredits })
    .from(creditTransactions)
    .where(and(eq(creditTransactions.taskId, taskId), eq(creditTransactions.type, "CONSUME")));
  return new Map(rows.filter((r) => r.agentId).map((r) => [r.agentId as string, -Number(r.delta)]));
}
