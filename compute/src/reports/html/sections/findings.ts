/** Every alert, issue and recommendation, worst first, each with an anchor the AI summary can cite; then samples of row-level issues. */
import type { Severity } from "@agensium/shared";
import { formatCount, formatScalar, humanize } from "../format.js";
import { html } from "../html.js";
import { findingAnchor } from "../report-data.js";
import { SEVERITY_ORDER, type SectionWriter, severityBadge, shownOf } from "./common.js";

/** Findings are per column and kind, so bounded; this only guards a pathological file. */
const FINDINGS_SHOWN = 500;
const ROW_ISSUES_PER_AGENT = 10;
const PRIORITY: Record<string, Severity> = { high: "high", medium: "medium", low: "low" };

export const findingsSection: SectionWriter = ({ report }) => {
  const rank = (s: string) => SEVERITY_ORDER.indexOf(s as Severity);
  const alerts = report.agents
    .flatMap((a) => a.alerts.map((x) => ({ ...x, agent: a.agent_id })))
    .sort((a, b) => rank(a.severity) - rank(b.severity));
  const issues = report.agents
    .flatMap((a) => a.issues.map((x) => ({ ...x, agent: a.agent_id })))
    .sort((a, b) => rank(a.severity) - rank(b.severity));
  const recs = report.agents
    .flatMap((a) => a.recommendations.map((x) => ({ ...x, agent: a.agent_id })))
    .sort((a, b) => rank(PRIORITY[a.priority]) - rank(PRIORITY[b.priority]));
  if (alerts.length + issues.length + recs.length === 0)
    return { id: "findings", title: "Findings", body: html`<p class="muted">Nothing to report.</p>` };
  const threshold = (x: { value?: number | string; threshold?: number | string }) =>
    x.value !== undefined ? ` (${formatScalar(x.value)}${x.threshold !== undefined ? ` against ${formatScalar(x.threshold)}` : ""})` : "";
  return {
    id: "findings",
    title: "Findings",
    body: html`<h3>Alerts</h3>${
      alerts.length === 0
        ? html`<p class="muted">No alerts.</p>`
        : html`<table><thead><tr><th>Severity</th><th>Agent</th><th>Column</th><th>Alert</th></tr></thead><tbody>${alerts
            .slice(0, FINDINGS_SHOWN)
            .map(
              (x) =>
                html`<tr id="${findingAnchor(x.id)}"><td>${severityBadge(x.severity)}</td><td>${humanize(x.agent)}</td><td>${x.field ?? "–"}</td><td>${x.message}${threshold(x)}</td></tr>`,
            )}</tbody></table>${shownOf(Math.min(FINDINGS_SHOWN, alerts.length), alerts.length, "report.json")}`
    }
<h3>Issues</h3>${
      issues.length === 0
        ? html`<p class="muted">No issues.</p>`
        : html`<table><thead><tr><th>Severity</th><th>Agent</th><th>Column</th><th class="num">Count</th><th>Issue</th></tr></thead><tbody>${issues
            .slice(0, FINDINGS_SHOWN)
            .map(
              (x) =>
                html`<tr id="${findingAnchor(x.id)}"><td>${severityBadge(x.severity)}</td><td>${humanize(x.agent)}</td><td>${x.field ?? "–"}</td><td class="num">${formatCount(x.count)}</td><td>${x.description}</td></tr>`,
            )}</tbody></table>${shownOf(Math.min(FINDINGS_SHOWN, issues.length), issues.length, "report.json")}`
    }
<h3>Recommendations</h3>${
      recs.length === 0
        ? html`<p class="muted">No recommendations.</p>`
        : html`<table><thead><tr><th>Priority</th><th>Agent</th><th>Column</th><th>Action</th><th>Why</th></tr></thead><tbody>${recs
            .slice(0, FINDINGS_SHOWN)
            .map(
              (x) =>
                html`<tr id="${findingAnchor(x.id)}"><td>${severityBadge(PRIORITY[x.priority] ?? "info")}</td><td>${humanize(x.agent)}</td><td>${x.field ?? "–"}</td><td>${x.action}</td><td>${x.rationale}</td></tr>`,
            )}</tbody></table>${shownOf(Math.min(FINDINGS_SHOWN, recs.length), recs.length, "report.json")}`
    }`,
  };
};

export const rowIssuesSection: SectionWriter = ({ report, masker }) => {
  const groups = [
    { agent: "input", list: report.input_row_issues, total: report.input_row_issues.length },
    ...report.agents.map((a) => ({
      agent: a.agent_id,
      list: a.row_level_issues,
      total: a.row_level_issues_total ?? a.row_level_issues.length,
    })),
  ].filter((g) => g.total > 0);
  if (groups.length === 0) return null;
  return {
    id: "row-issues",
    title: "Row-level issues",
    body: html`<table><thead><tr><th>Found by</th><th class="num">Row</th><th>Column</th><th>Issue</th><th>Value</th><th>Message</th></tr></thead><tbody>${groups.map(
      (g) =>
        g.list
          .slice(0, ROW_ISSUES_PER_AGENT)
          .map(
            (x) =>
              html`<tr><td>${humanize(g.agent)}</td><td class="num">${formatCount(x.row)}</td><td>${x.field ?? "–"}</td><td>${severityBadge(x.severity)} ${humanize(x.issue_type)}</td><td class="mono">${typeof x.value === "string" ? masker.show(x.field, x.value, x.issue_type.startsWith("pii_")) : formatScalar(x.value)}</td><td>${x.message}</td></tr>`,
          ),
    )}</tbody></table>
<p class="muted">${groups.map((g) => `${humanize(g.agent)}: ${formatCount(g.total)}`).join(" · ")} row issues in all; the first ${ROW_ISSUES_PER_AGENT} of each are shown, every one is in row_issues.csv.</p>`,
  };
};
