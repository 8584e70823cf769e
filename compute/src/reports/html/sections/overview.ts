/** Overview: the inputs, headline counts, the readiness gauge, alerts by severity and what each agent did. */
import { formatBytes, formatCount, formatDuration, formatScalar, formatScore, humanize } from "../format.js";
import { html } from "../html.js";
import { successData } from "../report-data.js";
import { gauge } from "../svg-charts.js";
import { SEVERITY_ORDER, type SectionWriter, severityBadge, table, tile } from "./common.js";

interface Readiness {
  overall: number;
  grade: string;
  dimensions: { dimension: string; score: number; weight: number; measured: boolean; detail: string }[];
  top_reasons: string[];
}

export const overviewSection: SectionWriter = ({ report }) => {
  const primary = report.inputs.find((i) => i.role === "primary");
  const alerts = report.agents.flatMap((a) => a.alerts);
  const bySeverity = SEVERITY_ORDER.map((s) => [s, alerts.filter((a) => a.severity === s).length] as const);
  const rated = successData<Readiness>(report, "readiness-rater");
  const readiness = typeof rated?.overall === "number" && Array.isArray(rated.dimensions) ? rated : null;
  const duplicates = successData<{ dataset?: { duplicate_rows?: number } }>(report, "unified-profiler")?.dataset?.duplicate_rows;

  const inputs = table(
    ["Input", "Format", "Rows", "Columns", "Size", "Ragged rows"],
    report.inputs.map((i) => [
      humanize(i.role),
      i.format.toUpperCase(),
      i.rows,
      i.columns.length,
      formatBytes(i.size_bytes),
      i.ragged_rows,
    ]),
  );
  // What the readers said about the inputs: ragged records left out, the sheet read and why.
  const inputAlerts = report.inputs.flatMap((i) => i.alerts ?? []);
  const sheets = report.inputs.flatMap((i) =>
    (i.sheets ?? []).map((s) => [humanize(i.role), s.name === i.sheet ? `${s.name} (read)` : s.name, s.rows, s.columns, s.header_row]),
  );
  const agents = table(
    ["Agent", "Status", "Time", "Alerts", "Issues", "Headline"],
    report.agents.map((a) => [
      humanize(a.agent_id),
      html`<span class="status-${a.status === "success" ? "good" : a.status === "error" ? "critical" : "warning"}">${a.status}</span>`,
      formatDuration(a.execution_time_ms),
      a.alerts.length,
      a.issues.length,
      a.reason ?? a.error?.message ?? a.executive_summary.map((s) => `${s.title}: ${formatScalar(s.value)}`).join(" · "),
    ]),
  );
  return {
    id: "overview",
    title: "Overview",
    body: html`<div class="tiles">
${tile("Rows", formatCount(primary?.rows))}${tile("Columns", formatCount(primary?.columns.length))}${duplicates !== undefined ? tile("Duplicate rows", formatCount(duplicates), duplicates > 0 ? "warning" : "good") : ""}${tile("Alerts", formatCount(alerts.length))}
</div>
${
  readiness
    ? html`<div class="tiles"><div>${gauge(readiness.overall, "Readiness score")}<div class="muted">Readiness: ${humanize(String(readiness.grade))}</div></div>
<div>${table(
        ["Dimension", "Score", "Weight", "Detail"],
        readiness.dimensions.map((d) => [
          humanize(d.dimension),
          d.measured ? formatScore(d.score) : "not measured",
          `${Math.round(d.weight * 100)} %`,
          d.detail,
        ]),
      )}</div></div>`
    : ""
}
<h3>Alerts by severity</h3>
<div class="tiles" data-alerts-by-severity>${bySeverity.map(([s, n]) => html`<div class="tile" data-severity="${s}" data-count="${n}"><div class="k">${severityBadge(s)}</div><div class="v">${formatCount(n)}</div></div>`)}</div>
${report.stopped_early ? html`<p class="note">The run stopped early, so some agents did not run or saw only part of the file.</p>` : ""}
<h3>Inputs</h3>${inputs}
${inputAlerts.length > 0 ? html`<ul data-input-alerts>${inputAlerts.map((a) => html`<li>${severityBadge(a.severity)} ${a.message}</li>`)}</ul>` : ""}
${sheets.length > 0 ? table(["Input", "Sheet", "Rows", "Columns", "Header row"], sheets, "Sheets of the workbook") : ""}
<h3>Agents</h3>${agents}`,
  };
};
