/**
 * parameters.json of a task, validated and defaulted by the tool's zod schema: one block per
 * agent, plus the optional "input" block (XLSX sheet, CSV delimiter) that the readers use.
 */
import { type ReadingLocale, resolveLocale, type ToolDefinition } from "@agensium/shared";
import type { z } from "zod";
import type { InputOptions } from "../readers/index.js";
import type { ObjectStore } from "./object-store.js";
import { EngineError } from "./types.js";

export interface RunParameters {
  /** Per agent id, its validated parameter block. */
  agents: Record<string, Record<string, unknown>>;
  input: InputOptions;
  /** input.locale / decimal / date_order resolved; null when the user gave none (detected per column). */
  locale: ReadingLocale | null;
}

function invalid(issues: z.core.$ZodIssue[]): never {
  const text = issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
  throw new EngineError("PARAMETERS_INVALID", `parameters.json is invalid: ${text}`);
}

export function parseParameters(tool: ToolDefinition, raw: unknown): RunParameters {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new EngineError("PARAMETERS_INVALID", "parameters.json must be a JSON object with one block per agent");
  }
  const locale = resolveLocale((raw as { input?: unknown }).input);
  if (!locale.ok) throw new EngineError("LOCALE_INVALID", locale.message);
  const parsed = tool.parameters.safeParse(raw);
  if (!parsed.success) invalid(parsed.error.issues);
  const { input, ...agents } = parsed.data as Record<string, Record<string, unknown>>;
  return { agents, input: (input ?? {}) as InputOptions, locale: locale.value };
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
