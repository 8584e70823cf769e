/**
 * `agensium run FILE --tool …`: the whole path a pipeline needs in one command — create the
 * task, upload the file (and baseline, parameters) straight to storage, process, follow the
 * agents live, download the outputs, print a summary — and, with --fail-under, a quality gate:
 * exit 3 when the readiness score is below the given value.
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { extensionOf, INPUT_FORMATS, type Readiness, readinessOf } from "@agensium/shared";
import { CliError, EXIT, usageError } from "../cli-error.js";
import type { Command, CommandContext } from "../context.js";
import { downloadOutputs, type SavedFile } from "../download-outputs.js";
import { followTask } from "../follow-task.js";
import { describeTask } from "../summary.js";
import type { TaskView } from "../task-view.js";
import { type PresignedPut, type UploadTarget, uploadFile } from "../upload.js";

interface InputFile {
  role: "primary" | "baseline";
  path: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export const runCommand: Command = {
  name: "run",
  usage: "agensium run FILE --tool TOOL [--baseline FILE] [--params parameters.json] [--agents a,b] [--out FOLDER] [--fail-under SCORE]",
  summary: "run a tool on a file and download the outputs",
  options: {
    tool: { type: "string", short: "t" },
    baseline: { type: "string" },
    params: { type: "string" },
    agents: { type: "string" },
    out: { type: "string", short: "o" },
    "fail-under": { type: "string" },
  },
  async run(ctx, values, positionals) {
    const [file] = positionals;
    if (!file) throw usageError("Which file? agensium run FILE --tool TOOL");
    const tool = values.tool as string | undefined;
    if (!tool) throw usageError("--tool is required (profile-my-data, clean-my-data or master-my-data)");
    const gate = parseGate(values["fail-under"] as string | undefined);
    const inputs = [inputFile("primary", file)];
    if (values.baseline) inputs.push(inputFile("baseline", values.baseline as string));
    const parameters = values.params ? readParameters(values.params as string) : undefined;
    const agents = values.agents
      ? String(values.agents)
          .split(",")
          .map((a) => a.trim())
          .filter(Boolean)
      : undefined;

    const created = await ctx.client.json<TaskView>("POST", "/tasks", { body: { tool_id: tool, ...(agents ? { agents } : {}) } });
    const taskId = created.task_id;
    if (gate !== undefined && !created.agents.includes("readiness-rater")) {
      // Nothing was uploaded or charged yet: drop the task rather than run one whose gate cannot pass.
      await ctx.client.json("DELETE", `/tasks/${taskId}`).catch(() => undefined);
      throw usageError(`--fail-under needs a readiness score, and ${tool} with these agents does not compute one (readiness-rater)`);
    }
    ctx.reporter.line(`task ${taskId} created (${tool}: ${created.agents.join(", ")})`);

    const { uploads } = await ctx.client.json<{ uploads: Record<string, UploadTarget> }>("POST", `/tasks/${taskId}/upload-urls`, {
      body: {
        files: inputs.map(({ role, filename, content_type, size_bytes }) => ({ role, filename, content_type, size_bytes })),
        has_parameters: parameters !== undefined,
        ...(parameters ? { parameters_size_bytes: parameters.length } : {}),
      },
    });
    for (const input of inputs) {
      const label = `upload ${input.filename}`;
      await uploadFile({
        client: ctx.client,
        target: uploads[input.role],
        path: input.path,
        size: input.size_bytes,
        onProgress: (sent) => ctx.reporter.transfer(label, sent, input.size_bytes),
      });
    }
    if (parameters) await putParameters(uploads.parameters as PresignedPut, parameters);

    await ctx.client.json("POST", `/tasks/${taskId}/process`);
    const finished = await followTask(ctx.client, taskId, (state) => ctx.reporter.task(state));
    ctx.reporter.end();

    // A task stopped for lack of credits keeps the outputs of the agents that ran: fetch those too.
    let files: SavedFile[] = [];
    const folder = (values.out as string | undefined) ?? `agensium-${taskId}`;
    if (finished.status === "COMPLETED" || finished.status === "FAILED") {
      try {
        files = await downloadOutputs(ctx.client, taskId, folder);
      } catch (err) {
        if (finished.status === "COMPLETED") throw err;
      }
    }
    const readiness = await readinessFor(ctx, taskId, files, finished.status);
    const gateResult = gate === undefined || finished.status !== "COMPLETED" ? undefined : judgeGate(gate, readiness);

    if (ctx.json) {
      ctx.print(
        JSON.stringify({
          task_id: taskId,
          tool_id: tool,
          status: finished.status,
          error: finished.error,
          readiness: readiness ?? null,
          gate: gateResult ?? null,
          folder: files.length > 0 ? folder : null,
          files,
          result_summary: finished.result_summary,
        }),
      );
    } else {
      for (const line of describeTask(finished)) ctx.print(line);
      if (readiness) ctx.print(`Readiness ${readiness.score}/100${readiness.grade ? ` (${readiness.grade})` : ""}`);
      if (files.length > 0) ctx.print(`Outputs in ${folder}: ${files.map((f) => f.file_name).join(", ")}`);
      if (gateResult) ctx.print(`Quality gate: ${gateResult.message}`);
    }
    if (finished.status !== "COMPLETED") return EXIT.failed;
    if (gateResult && !gateResult.passed) return EXIT.gate;
    return EXIT.ok;
  },
};

function inputFile(role: InputFile["role"], path: string): InputFile {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error("not a file");
    size = stat.size;
  } catch {
    throw usageError(`${path}: no such file`);
  }
  const filename = basename(path);
  const extension = extensionOf(filename);
  if (!extension)
    throw usageError(
      `${filename}: the service reads ${Object.keys(INPUT_FORMATS)
        .map((e) => `.${e}`)
        .join(", ")} files`,
    );
  if (size === 0) throw usageError(`${filename} is empty`);
  return { role, path, filename, content_type: INPUT_FORMATS[extension].contentType, size_bytes: size };
}

function readParameters(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw usageError(`${path}: no such file`);
  }
  try {
    const parsed = JSON.parse(bytes.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
  } catch (err) {
    throw usageError(`${path} is not a JSON object: ${(err as Error).message}`);
  }
  return bytes;
}

async function putParameters(target: PresignedPut, bytes: Buffer): Promise<void> {
  const res = await fetch(target.url, { method: "PUT", headers: target.headers, body: new Uint8Array(bytes) });
  if (!res.ok) throw new CliError(`The store refused the parameters (HTTP ${res.status})`);
}

function parseGate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 100) throw usageError("--fail-under is a score from 0 to 100");
  return value;
}

async function readinessFor(ctx: CommandContext, taskId: string, files: SavedFile[], status: string): Promise<Readiness | undefined> {
  const saved = files.find((f) => f.file_name === "report.json");
  if (saved) return readinessOf(JSON.parse(readFileSync(saved.path, "utf8")));
  if (status !== "COMPLETED") return undefined;
  return readinessOf(await ctx.client.json("GET", `/tasks/${taskId}/results`));
}

function judgeGate(threshold: number, readiness: Readiness | undefined) {
  if (!readiness) {
    return {
      threshold,
      score: null,
      passed: false,
      message: `no readiness score in the report (the readiness-rater agent did not run), so the gate of ${threshold} fails`,
    };
  }
  const passed = readiness.score >= threshold;
  return {
    threshold,
    score: readiness.score,
    passed,
    message: `${readiness.score} ${passed ? "≥" : "<"} ${threshold}, ${passed ? "passed" : "failed"}`,
  };
}
