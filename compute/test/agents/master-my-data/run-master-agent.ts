/** Runs one master-my-data agent the way the runner does: parameters through the tool's zod schema. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentOutput, masterMyDataParameters } from "@agensium/shared";
import type { Agent, AgentFile, AgentResult, Dataset } from "../../../src/engine/types.js";
import { asOutput } from "../../support/run-agent.js";

export interface MasterRunOptions {
  parameters?: Record<string, unknown>;
  baseline?: Dataset;
  previous?: Map<string, AgentOutput>;
}

export async function runMasterAgent<D = any>(
  agent: Agent<any, any>,
  primary: Dataset,
  options: MasterRunOptions = {},
): Promise<AgentResult<D>> {
  const parameters = masterMyDataParameters.parse({ [agent.id]: options.parameters ?? {} }) as Record<string, unknown>;
  return agent.run({
    agentId: agent.id,
    toolId: "master-my-data",
    parameters: parameters[agent.id],
    primary,
    baseline: options.baseline,
    previous: options.previous ?? new Map(),
    spillDir: mkdtempSync(join(tmpdir(), "master-spill-")),
    signal: new AbortController().signal,
    progress: () => undefined,
  });
}

/** Runs agents in order, each seeing the earlier ones' outputs, as the runner chains them. */
export async function runMasterChain(
  agents: Agent<any, any>[],
  primary: Dataset,
  options: { parameters?: Record<string, Record<string, unknown>>; baseline?: Dataset } = {},
): Promise<{ previous: Map<string, AgentOutput>; results: Map<string, AgentResult> }> {
  const previous = new Map<string, AgentOutput>();
  const results = new Map<string, AgentResult>();
  for (const agent of agents) {
    const result = await runMasterAgent(agent, primary, {
      parameters: options.parameters?.[agent.id],
      baseline: options.baseline,
      previous,
    });
    results.set(agent.id, result);
    previous.set(agent.id, asOutput(agent.id, result));
  }
  return { previous, results };
}

/** An agent file's whole text, parsed as simple CSV (the files quote fields with commas). */
export async function fileText(file: AgentFile | undefined): Promise<string> {
  if (!file) throw new Error("file missing");
  const parts: Uint8Array[] = [];
  for await (const chunk of file.chunks()) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r") continue;
    else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
