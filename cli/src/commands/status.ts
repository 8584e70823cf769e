/** `agensium status ID`: one task, with its agents when it has run. */
import { EXIT, usageError } from "../cli-error.js";
import type { Command } from "../context.js";
import { describeTask } from "../summary.js";
import type { TaskView } from "../task-view.js";

export const statusCommand: Command = {
  name: "status",
  usage: "agensium status TASK_ID",
  summary: "show one task",
  options: {},
  async run(ctx, _values, positionals) {
    const [id] = positionals;
    if (!id) throw usageError("Which task? agensium status TASK_ID");
    const task = await ctx.client.json<TaskView>("GET", `/tasks/${encodeURIComponent(id)}`);
    ctx.print(ctx.json ? JSON.stringify(task) : describeTask(task).join("\n"));
    return EXIT.ok;
  },
};
