/** Test helper: runs a whole tool (every agent) over one input on a local folder store and lists its outputs. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findTool, type Job, type Manifest } from "@agensium/shared";
import { folderStore } from "../../src/engine/object-store.js";
import { runToolOnStore } from "../../src/engine/run-tool.js";
import { jobFor, recordingHooks, testConfig } from "./b2-run.js";

export async function runToolOnFolder(options: {
  toolId: string;
  fileName: string;
  content: string | Uint8Array;
  format?: Job["inputs"]["primary"]["format"];
  parameters?: object;
}): Promise<{ manifest: Manifest; path(fileName: string): string }> {
  const root = mkdtempSync(join(tmpdir(), "folder-run-"));
  const prefix = `users/usr_test/tasks/tsk_${Math.random().toString(36).slice(2, 10)}/`;
  const put = (key: string, content: string | Uint8Array) => {
    mkdirSync(dirname(join(root, key)), { recursive: true });
    writeFileSync(join(root, key), content);
  };
  const key = `${prefix}inputs/${options.fileName}`;
  put(key, options.content);
  const parametersKey = options.parameters ? `${prefix}parameters.json` : undefined;
  if (parametersKey) put(parametersKey, JSON.stringify(options.parameters));
  const agents = findTool(options.toolId)?.agents.map((a) => a.id) ?? [];
  const size = typeof options.content === "string" ? Buffer.byteLength(options.content) : options.content.length;
  const job = jobFor(
    prefix,
    { key, size, format: options.format },
    { tool_id: options.toolId, agents, ...(parametersKey ? { parameters_key: parametersKey } : {}) },
  );
  await runToolOnStore({
    job,
    store: folderStore(root),
    config: testConfig(),
    signal: new AbortController().signal,
    hooks: recordingHooks(),
  });
  const path = (fileName: string) => join(root, job.output_prefix, fileName);
  return { manifest: JSON.parse(readFileSync(path("manifest.json"), "utf8")) as Manifest, path };
}
