/**
 * What a task is outside the database: its storage keys (ARCHITECTURE.md, never the user's
 * file name) and the JSON the API answers with.
 */
import type { InputExtension, InputRole } from "@agensium/shared";
import type { TaskViewRow } from "../db/task-views.js";

export function taskPrefix(userId: string, taskId: string): string {
  return `users/${userId}/tasks/${taskId}/`;
}

export function inputKey(userId: string, taskId: string, role: InputRole, extension: InputExtension): string {
  return `${taskPrefix(userId, taskId)}inputs/${role}.${extension}`;
}

export function parametersKey(userId: string, taskId: string): string {
  return `${taskPrefix(userId, taskId)}inputs/parameters.json`;
}

export function outputPrefix(userId: string, taskId: string): string {
  return `${taskPrefix(userId, taskId)}outputs/`;
}

/** The task's rows for the warehouse: beside the outputs, not among the user's downloads. */
export function analyticsPrefix(userId: string, taskId: string): string {
  return `${taskPrefix(userId, taskId)}analytics/`;
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** The task as the API answers it; needs only the columns in db/task-views.ts. */
export function taskView(task: TaskViewRow) {
  return {
    task_id: task.taskId,
    tool_id: task.toolId,
    agents: task.agents,
    status: task.status,
    progress: task.progress,
    current_agent: task.currentAgent ?? null,
    rows_processed: task.rowsProcessed ?? null,
    step: task.step ?? null,
    attempt: task.attempt,
    error: task.errorCode ? { code: task.errorCode, message: task.errorMessage ?? "" } : null,
    created_at: iso(task.createdAt) as string,
    upload_started_at: iso(task.uploadStartedAt),
    queued_at: iso(task.queuedAt),
    processing_started_at: iso(task.processingStartedAt),
    completed_at: iso(task.completedAt),
    failed_at: iso(task.failedAt),
    cancelled_at: iso(task.cancelledAt),
    result_summary: task.resultSummary ?? null,
  };
}

export type TaskView = ReturnType<typeof taskView>;
