/**
 * The report's `ai_summary`: the model's when a key is configured and it answers well in
 * time, otherwise one built from the same findings, marked `ai_written: false` with a note.
 */
import { type AiSummary, findingIds, reportFacts } from "@agensium/shared";
import type { ComputeConfig } from "../../config.js";
import type { RunReport } from "../run-report.js";
import { deterministicSummary } from "./deterministic.js";
import { askModelForSummary } from "./model-summary.js";

/** About 6,000 tokens of facts: room for the findings of every agent of a tool, and cheap. */
export const SUMMARY_FACTS_MAX_CHARS = 24_000;

const WITHOUT_MODEL = "Built from the report's findings without a model";

type AiConfig = Pick<ComputeConfig, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OPENAI_MODEL" | "AI_SUMMARY_TIMEOUT_MS">;

/** `report` should already have PII statistics withheld; the facts drop personal-data values again regardless. */
export async function summarizeReport(report: RunReport, config: AiConfig, signal: AbortSignal): Promise<AiSummary> {
  const facts = reportFacts(report, { maxChars: SUMMARY_FACTS_MAX_CHARS });
  if (!config.OPENAI_API_KEY) return deterministicSummary(facts, `${WITHOUT_MODEL}: no OpenAI key is configured.`);
  const settings = {
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.AI_SUMMARY_TIMEOUT_MS,
  };
  // askModelForSummary answers its failures; anything it still throws must not fail the task either.
  const answer = await askModelForSummary(facts, findingIds(report), settings, signal).catch(
    (err: Error) => ({ ok: false, reason: "upstream", detail: err.message }) as const,
  );
  if (answer.ok) {
    return {
      text: answer.text,
      actions: answer.actions,
      cites: answer.cites,
      ai_written: true,
      model: answer.model,
      created_at: new Date().toISOString(),
    };
  }
  const why = {
    timeout: `the model did not answer within ${Math.round(config.AI_SUMMARY_TIMEOUT_MS / 1000)} s`,
    upstream: "the model could not be reached",
    invalid: "the model's replies were dropped (invalid JSON or citations of findings the report does not hold)",
  }[answer.reason];
  return deterministicSummary(facts, `${WITHOUT_MODEL}: ${why}.`);
}
