/**
 * clean-my-data: what each agent changed and how many rows or cells, why rows were quarantined,
 * and each column before and after (nulls, distinct values, most common values, a sample of
 * changed cells). User values are masked where they are personal.
 */
import type { CleaningStepData, RecipeOperation } from "@agensium/shared";
import type { CellDiff, PreviewData } from "../../../agents/clean-my-data/cleanse-previewer.js";
import type { QuarantineData } from "../../../agents/clean-my-data/quarantine-agent.js";
import { formatCount, formatScalar, formatShare, humanize } from "../format.js";
import { html } from "../html.js";
import { type ReportAgent, successData } from "../report-data.js";
import { splitBar } from "../svg-charts.js";
import type { ValueMasker } from "../value-masker.js";
import { countWithShare, type SectionWriter, shownOf, table, tile } from "./common.js";

const DIFF_ROWS = 30;
const TOP_VALUES = 3;

function isCleaningStep(agent: ReportAgent): agent is ReportAgent & { data: CleaningStepData } {
  const data = agent.data as Partial<CleaningStepData> | null;
  return agent.status === "success" && !!data && Array.isArray(data.operations);
}

/** An operation's scalar parameters as "key: value", values masked when the field is personal. */
function parameterText(op: RecipeOperation, masker: ValueMasker): string {
  return Object.entries(op.parameters)
    .filter(([, v]) => v === null || typeof v !== "object")
    .map(([k, v]) => `${humanize(k)}: ${typeof v === "string" ? masker.show(op.field, v) : formatScalar(v)}`)
    .join("; ");
}

export const cleaningChangesSection: SectionWriter = ({ report, masker }) => {
  const steps = report.agents.filter(isCleaningStep);
  if (steps.length === 0) return null;
  const blocks = steps.map((agent) => {
    const ops = agent.data.operations;
    const total = ops.reduce((s, o) => s + o.count, 0);
    return html`<article class="card agent-changes" data-agent="${agent.agent_id}"><header><h3>${humanize(agent.agent_id)}</h3><span class="badge" data-total="${total}">${formatCount(total)} rows or cells</span></header>
<p class="muted">${formatCount(agent.data.rows_in)} rows in → ${formatCount(agent.data.rows_out)} rows out${agent.executive_summary.length > 0 ? `; ${agent.executive_summary.map((s) => `${s.title}: ${formatScalar(s.value)}`).join(", ")}` : ""}</p>
${
  ops.length > 0
    ? table(
        ["Operation", "Column", "Count", "Settings"],
        ops.map((o) => [humanize(o.operation), o.field ?? "all", o.count, parameterText(o, masker)]),
      )
    : html`<p class="muted">No change.</p>`
}</article>`;
  });
  return { id: "cleaning-changes", title: "What each agent changed", body: html`<div class="cards">${blocks}</div>` };
};

export const quarantineSection: SectionWriter = ({ report }) => {
  const data = successData<QuarantineData>(report, "quarantine-agent");
  if (!data) return null;
  const reasons = Object.entries(data.by_reason);
  return {
    id: "quarantine",
    title: "Quarantine",
    body: html`<div class="tiles">${tile("Rows quarantined", countWithShare(data.quarantined_rows, data.rows_in), data.quarantined_rows > 0 ? "warning" : "good")}${tile("Rows kept", formatCount(data.rows_out))}</div>
${splitBar(
  [
    { label: "kept", count: data.rows_out, tone: "present" },
    { label: "quarantined", count: data.quarantined_rows, tone: "removed" },
  ],
  "Rows kept and quarantined",
)}
${table(
  ["Reason", "Rows"],
  reasons.map(([reason, n]) => [humanize(reason), n]),
)}
${data.ragged_rows_without_text > 0 ? html`<p class="note">${formatCount(data.ragged_rows_without_text)} ragged lines are listed by line number without their text (the verbatim copy is bounded).</p>` : ""}
<p class="muted">Quarantined rows are in quarantine.csv with their reason.</p>`,
  };
};

function topText(column: string, values: { value: string; count: number }[] | undefined, masker: ValueMasker): string {
  return (values ?? [])
    .slice(0, TOP_VALUES)
    .map((v) => `${masker.show(column, v.value) || "(empty)"} × ${formatCount(v.count)}`)
    .join(", ");
}

function diffRow(d: CellDiff, masker: ValueMasker) {
  return [
    formatCount(d.row),
    d.field,
    html`<span class="mono">${d.before === null ? "(null)" : masker.show(d.field, d.before)}</span>`,
    html`<span class="mono">${d.after === null ? "(null)" : masker.show(d.field, d.after)}</span>`,
  ];
}

export const beforeAfterSection: SectionWriter = ({ report, masker }) => {
  const data = successData<PreviewData>(report, "cleanse-previewer");
  if (!data) return null;
  const diffs = data.diff_sample.slice(0, DIFF_ROWS);
  return {
    id: "before-after",
    title: "Before and after",
    body: html`<div class="tiles">${tile("Rows before", formatCount(data.rows_before))}${tile("Rows after", formatCount(data.rows_after))}${tile("Rows removed", countWithShare(data.rows_removed, data.rows_before), data.rows_removed > 0 ? "warning" : "good")}${tile("Cells changed", formatCount(data.cells_changed))}</div>
${table(
  [
    "Column",
    "Status",
    "Missing before",
    "Missing after",
    "Distinct before",
    "Distinct after",
    "Cells changed",
    "Top values before",
    "Top values after",
  ],
  data.columns.map((c) => [
    c.field,
    c.status,
    c.before ? `${formatCount(c.before.nulls)} (${formatShare(c.before.null_share)})` : "–",
    c.after ? `${formatCount(c.after.nulls)} (${formatShare(c.after.null_share)})` : "–",
    c.before ? formatCount(c.before.distinct) : "–",
    c.after ? formatCount(c.after.distinct) : "–",
    c.cells_changed,
    topText(c.field, c.before?.top_values, masker),
    topText(c.field, c.after?.top_values, masker),
  ]),
)}
<h3>Changed cells</h3>
${
  diffs.length > 0
    ? table(
        ["Row", "Column", "Before", "After"],
        diffs.map((d) => diffRow(d, masker)),
      )
    : html`<p class="muted">No cell changed.</p>`
}
${shownOf(diffs.length, data.diff_sample.length, "the previewer's sample")}`,
  };
};
