/**
 * parameters.json of a task: the tool's agent blocks, validated and defaulted by the tool's
 * zod schema, plus an optional "input" block for the readers (XLSX sheet, CSV delimiter),
 * which the engine takes out before the tool schema sees the rest.
 */
import type { ToolDefinition } from "@agensium/shared";
import { z } from "zod";
import type { InputOptions } from "../readers/index.js";
import type { ObjectStore } from "./object-store.js";
import { EngineError } from "./types.js";

const inputOptionsSchema = z
  .object({
    sheet: z.string().min(1).max(31).optional(),
    delimiter: z.string().length(1).optional(),
  })
  .strict();

export interface RunParameters {
  /** Per agent id, its validated parameter block. */
  agents: Record<string, Record<string, unknown>>;
  input: InputOptions;
}

function invalid(issues: z.core.$ZodIssue[], prefix: string[] = []): never {
  const text = issues.map((i) => `${[...prefix, ...i.path.map(String)].join(".") || "(root)"}: ${i.message}`).join("; ");
  throw new EngineError("PARAMETERS_INVALID", `parameters.json is invalid: ${text}`);
}

export function parseParameters(tool: ToolDefinition, raw: unknown): RunParameters {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new EngineError("PARAMETERS_INVALID", "parameters.json must be a JSON object with one block per agent");
  }
  const { input, ...agentBlocks } = raw as Record<string, unknown>;
  const inputParsed = inputOptionsSchema.safeParse(input ?? {});
  if (!inputParsed.success) invalid(inputParsed.error.issues, ["input"]);
  const parsed = tool.parameters.safeParse(agentBlocks);
  if (!parsed.success) invalid(parsed.error.issues);
  return { agents: parsed.data as Record<string, Record<string, unknown>>, input: inputParsed.data };
}

export async function loadParameters(store: ObjectStore, tool: ToolDefinition, key: string | undefined): Promise<RunParameters> {
  const text = key ? await store.readText(key) : null;
  if (text === null) return parseParameters(tool, {});
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new EngineError("PARAMETERS_INVALID", `parameters.json is not valid JSON: ${(err as Error).message}`);
  }
  return parseParameters(tool, raw);
}
