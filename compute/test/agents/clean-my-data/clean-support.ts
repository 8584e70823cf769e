/** Runs one clean-my-data agent the way the runner does (parameters through the tool's schema, a real spill folder) and reads its output back. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentOutput, cleanMyDataParameters } from "@agensium/shared";
import { rowNumberOf } from "../../../src/agents/clean-my-data/derived-dataset.js";
import { cellValue, columnsOf } from "../../../src/agents/clean-my-data/row-batch.js";
import type { Agent, AgentFile, AgentResult, Dataset } from "../../../src/engine/types.js";
import type { Utf8Cells } from "../../../src/stats/utf8-column.js";

export async function runClean<D = any>(
  agent: Agent<any, any>,
  primary: Dataset,
  parameters: Record<string, unknown> = {},
  previous: Map<string, AgentOutput> = new Map(),
  /** Receives every progress report (rows processed), when given. */
  progress: number[] = [],
): Promise<AgentResult<D>> {
  const parsed = cleanMyDataParameters.parse({ [agent.id]: parameters }) as Record<string, unknown>;
  return agent.run({
    agentId: agent.id,
    toolId: "clean-my-data",
    parameters: parsed[agent.id],
    primary,
    previous,
    spillDir: mkdtempSync(join(tmpdir(), "clean-spill-")),
    signal: new AbortController().signal,
    progress: (rows) => progress.push(rows),
  });
}

/** Every row of a dataset with its original row number. */
export async function readRows(dataset: Dataset): Promise<{ row: number; values: (string | null)[] }[]> {
  const out: { row: number; values: (string | null)[] }[] = [];
  for await (const data of dataset.batches()) {
    const cells = columnsOf(data.batch, dataset.columns.length);
    for (let i = 0; i < data.batch.numRows; i++) out.push({ row: rowNumberOf(data, i), values: cells.map((c) => cellValue(c, i)) });
  }
  return out;
}

/** One column of a dataset as text. */
export async function readColumn(dataset: Dataset, name: string): Promise<(string | null)[]> {
  const index = dataset.columns.indexOf(name);
  return (await readRows(dataset)).map((r) => r.values[index]);
}

export async function fileText(file: AgentFile | undefined): Promise<string> {
  if (!file) throw new Error("file missing");
  const parts: Uint8Array[] = [];
  for await (const chunk of file.chunks()) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

export function asPrevious(agentId: string, result: AgentResult): AgentOutput {
  const { files: _files, nextPrimary: _next, status, ...common } = result;
  return { ...common, status: status ?? "success", agent_id: agentId, execution_time_ms: 0 };
}

/** A column of cells as Arrow lays it out: one byte buffer, offsets, no missing cells. */
export function cellsOf(texts: string[]): Utf8Cells {
  const parts = texts.map((t) => Buffer.from(t, "utf8"));
  const offsets = new Int32Array(texts.length + 1);
  parts.forEach((p, i) => {
    offsets[i + 1] = offsets[i] + p.length;
  });
  return { length: texts.length, offsets, values: new Uint8Array(Buffer.concat(parts)), validity: null, bitOffset: 0 };
}
