/** The few lines a person reads after a run or `status`: outcome, agents, figures. */
import type { TaskView } from "./task-view.js";

export function describeTask(task: TaskView): string[] {
  const summary = task.result_summary;
  const shape = summary?.rows !== undefined ? `, ${summary.rows.toLocaleString("en-US")} rows × ${summary.columns ?? 0} columns` : "";
  const lines = [`Task ${task.task_id} ${task.status}${elapsed(task)} (${task.tool_id}${shape})`];
  if (task.status !== "COMPLETED" && task.status !== "FAILED")
    lines[0] += ` · ${task.progress}%${task.current_agent ? ` · ${task.current_agent}` : ""}`;
  if (task.error) lines.push(`  error ${task.error.code}: ${task.error.message}`);
  for (const agent of summary?.agents ?? []) {
    const mark = agent.status === "success" ? "✓" : agent.status === "skipped" ? "-" : "✗";
    const seconds = (agent.execution_time_ms / 1000).toFixed(1);
    const findings = `${agent.alerts} alerts${agent.critical_alerts ? ` (${agent.critical_alerts} critical)` : ""}, ${agent.issues} issues`;
    lines.push(
      `  ${mark} ${agent.agent_id.padEnd(24)} ${`${seconds} s`.padStart(8)}  ${agent.status === "success" ? findings : agent.status}`,
    );
  }
  return lines;
}

function elapsed(task: TaskView): string {
  const end = task.completed_at ?? task.failed_at;
  if (!end) return "";
  const seconds = (Date.parse(end) - Date.parse(task.created_at)) / 1000;
  return Number.isFinite(seconds) ? ` in ${seconds.toFixed(1)} s` : "";
}
