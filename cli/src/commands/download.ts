/** `agensium download ID`: every output of a finished task into a folder. */
import { EXIT, usageError } from "../cli-error.js";
import type { Command } from "../context.js";
import { downloadOutputs } from "../download-outputs.js";
import { formatBytes } from "../reporter.js";

export const downloadCommand: Command = {
  name: "download",
  usage: "agensium download TASK_ID [--out FOLDER]",
  summary: "download a task's outputs",
  options: { out: { type: "string" } },
  async run(ctx, values, positionals) {
    const [id] = positionals;
    if (!id) throw usageError("Which task? agensium download TASK_ID");
    const folder = (values.out as string | undefined) ?? `agensium-${id}`;
    const files = await downloadOutputs(ctx.client, id, folder, (f) => ctx.reporter.line(`saved ${f.path} (${formatBytes(f.size_bytes)})`));
    ctx.print(ctx.json ? JSON.stringify({ task_id: id, folder, files }) : `${files.length} files in ${folder}`);
    return EXIT.ok;
  },
};
