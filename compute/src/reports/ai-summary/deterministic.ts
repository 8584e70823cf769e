/**
 * The summary without a model: the same facts the model would see, put into a fixed text —
 * headline figures, the most severe alerts, personal-data columns — and the top
 * recommendations as actions, each citing the finding it comes from.
 */
import { type AiSummary, type FindingFact, findTool, type ReportFacts } from "@agensium/shared";

const TOP_ALERTS = 3;
const TOP_ACTIONS = 5;
const SERIOUS = new Set(["critical", "high", "medium"]);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A recommendation's text is "action — rationale"; the column is named unless the action already does. */
function actionText(f: FindingFact): string {
  const action = f.text.split(" — ")[0];
  return f.field && !action.includes(f.field) ? `${f.field}: ${f.text}` : f.text;
}

export function deterministicSummary(facts: ReportFacts, note: string, now = new Date()): AiSummary {
  const primary = facts.inputs.find((i) => i.role === "primary");
  const toolName = findTool(facts.tool_id)?.name ?? facts.tool_id;
  const sentences: string[] = [];
  let opening = `${toolName} read ${plural(primary?.rows ?? 0, "row")} and ${plural(primary?.columns ?? 0, "column")}`;
  if (facts.readiness) opening += `; readiness is ${facts.readiness.overall}/100 (${facts.readiness.grade.replaceAll("_", " ")})`;
  sentences.push(`${opening}.`);

  const alerts = facts.findings.filter((f) => f.kind === "alert");
  const bySeverity = (s: string) => alerts.filter((a) => a.severity === s).length;
  const serious = alerts.filter((a) => SERIOUS.has(a.severity));
  if (serious.length === 0) {
    sentences.push(alerts.length ? `${plural(alerts.length, "alert")}, none above low severity.` : "No agent raised an alert.");
  } else {
    sentences.push(
      `${bySeverity("critical")} critical, ${bySeverity("high")} high and ${bySeverity("medium")} medium-severity alerts; most pressing: ${serious
        .slice(0, TOP_ALERTS)
        .map((a) => a.text)
        .join("; ")}.`,
    );
  }
  if (facts.personal_data_columns.length) {
    const names = facts.personal_data_columns.map((c) => c.name);
    sentences.push(
      `${plural(names.length, "column")} hold personal data (${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""}).`,
    );
  }
  const failed = facts.agents.filter((a) => a.status === "error").map((a) => a.agent_id);
  if (failed.length) sentences.push(`Failed: ${failed.join(", ")}.`);
  if (facts.stopped_early) sentences.push("The run stopped before every agent ran.");

  const actions = facts.findings
    .filter((f) => f.kind === "recommendation")
    .slice(0, TOP_ACTIONS)
    .map((f) => ({ text: actionText(f), cites: [f.id] }));
  return {
    text: sentences.join(" "),
    actions,
    cites: serious.slice(0, TOP_ALERTS).map((a) => a.id),
    ai_written: false,
    model: null,
    created_at: now.toISOString(),
    note,
  };
}
