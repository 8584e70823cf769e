/** `agensium tasks`: the newest tasks, one line each. */
import { EXIT, usageError } from "../cli-error.js";
import type { Command } from "../context.js";
import type { TaskView } from "../task-view.js";

export const tasksCommand: Command = {
  name: "tasks",
  usage: "agensium tasks [--status COMPLETED] [--tool profile-my-data] [--limit 20]",
  summary: "list your tasks, newest first",
  options: { status: { type: "string" }, tool: { type: "string" }, limit: { type: "string" } },
  async run(ctx, values) {
    const query = new URLSearchParams();
    if (values.status) query.set("status", String(values.status).toUpperCase());
    if (values.tool) query.set("tool_id", String(values.tool));
    if (values.limit) {
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw usageError("--limit is a whole number from 1 to 100");
      query.set("limit", String(limit));
    }
    const page = await ctx.client.json<{ items: TaskView[]; next_cursor: string | null }>("GET", `/tasks?${query}`);
    if (ctx.json) {
      ctx.print(JSON.stringify(page));
      return EXIT.ok;
    }
    if (page.items.length === 0) ctx.print("No tasks");
    for (const task of page.items) {
      ctx.print([task.task_id, task.status.padEnd(10), task.tool_id.padEnd(16), task.created_at].join("  "));
    }
    return EXIT.ok;
  },
};
