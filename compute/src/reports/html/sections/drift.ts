/** Drift against the baseline: per column the test, its statistic and p-value, the verdict, and both distributions overlaid. */

import type { ColumnDrift } from "../../../agents/drift-detector/column-drift.js";
import type { DriftData } from "../../../agents/drift-detector.js";
import { formatCount, formatNumber, formatShare, humanize } from "../format.js";
import { html, type Markup } from "../html.js";
import { findAgent, successData } from "../report-data.js";
import { overlayChart } from "../svg-charts.js";
import type { ValueMasker } from "../value-masker.js";
import { type SectionWriter, table, tile } from "./common.js";

const TEST_NAMES: Record<string, string> = {
  ks: "Kolmogorov–Smirnov",
  z_test: "Two-proportion Z-test",
  chi_square: "Chi-square",
  wasserstein_normed: "Wasserstein distance (normed)",
  jensen_shannon: "Jensen–Shannon distance",
};

function distributionChart(c: ColumnDrift, masker: ValueMasker): Markup {
  const d = (c as Partial<ColumnDrift>).distribution;
  if (!d) return html``;
  let labels: string[];
  let baseline = d.baseline;
  let current = d.current;
  if (d.bin_edges) labels = d.baseline.map((_, i) => `${formatNumber(d.bin_edges?.[i])} – ${formatNumber(d.bin_edges?.[i + 1])}`);
  else {
    labels = (d.categories ?? []).map((v) => masker.show(c.column, v) || "(empty)");
    if (d.other) {
      labels = [...labels, "(other)"];
      baseline = [...baseline, d.other.baseline];
      current = [...current, d.other.current];
    }
  }
  return overlayChart(labels, baseline, current, `Baseline and current distribution of ${c.column}`);
}

/** The statistic, with its degrees of freedom when the test reports them (chi-square). */
function statistic(c: ColumnDrift): string {
  return typeof c.dof === "number" ? `${formatNumber(c.statistic)} (${formatCount(c.dof)} dof)` : formatNumber(c.statistic);
}

export const driftSection: SectionWriter = ({ report, masker }) => {
  const agent = findAgent(report, "drift-detector");
  if (!agent) return null;
  const data = successData<DriftData>(report, "drift-detector");
  if (!data)
    return {
      id: "drift",
      title: "Drift",
      body: html`<p class="muted">${agent.reason ?? agent.error?.message ?? "Drift was not measured."}</p>`,
    };
  const verdict = (c: ColumnDrift) => html`<span class="status-${c.drift ? "critical" : "good"}">${c.drift ? "drifted" : "stable"}</span>`;
  const schema = data.schema;
  const schemaLines = [
    ...schema.added.map((c) => `${c}: added`),
    ...schema.removed.map((c) => `${c}: removed`),
    ...schema.retyped.map((r) => `${r.column}: ${r.baseline} → ${r.current}`),
  ];
  return {
    id: "drift",
    title: "Drift",
    body: html`<div class="tiles">${tile("Dataset drift", data.dataset_drift ? "yes" : "no", data.dataset_drift ? "critical" : "good")}${tile("Drifted columns", `${formatCount(data.drifted_columns)} of ${formatCount(data.columns.length)}`)}${tile("Baseline rows", formatCount(data.baseline_rows))}${tile("Current rows", formatCount(data.current_rows))}</div>
${table(
  ["Column", "Test", "Statistic", "p-value", "Threshold", "PSI", "Verdict"],
  data.columns.map((c) => [
    c.column,
    TEST_NAMES[c.test] ?? humanize(c.test),
    statistic(c),
    c.p_value === null ? "–" : formatNumber(c.p_value),
    formatNumber(c.threshold),
    `${formatNumber(c.psi)} (${c.psi_level})`,
    verdict(c),
  ]),
)}
<p class="legend"><span><i style="background:#9aa5b1"></i>baseline</span><span><i style="background:#1f77b4"></i>current</span><span class="muted">shares of each file's rows</span></p>
<div class="cards">${data.columns.map(
      (c) =>
        html`<article class="card drift-card" data-column="${c.column}"><header><h3>${c.column}</h3>${verdict(c)}</header>${distributionChart(c, masker)}<p class="muted">${TEST_NAMES[c.test] ?? humanize(c.test)} ${statistic(c)}${c.p_value === null ? "" : `, p = ${formatNumber(c.p_value)}`}; PSI ${formatNumber(c.psi)}</p></article>`,
    )}</div>
${schemaLines.length > 0 ? html`<h3>Schema changes</h3><ul>${schemaLines.map((l) => html`<li>${l}</li>`)}</ul>` : html`<p class="muted">No schema changes.</p>`}
${
  data.not_compared && data.not_compared.length > 0
    ? html`<h3>Not compared</h3>${table(
        ["Column", "Why"],
        data.not_compared.map((n) => [n.column, n.reason]),
      )}`
    : ""
}
<p class="muted">${formatShare(data.drift_share)} of the compared columns drifted.</p>`,
  };
};
