/** One card per profiled column: its type, counts and statistics beside its chart, shapes and findings. */
import type { ColumnProfile } from "../../../agents/unified-profiler/column-profile.js";
import { formatCount, formatNumber, formatShare, humanize } from "../format.js";
import { html, type Markup } from "../html.js";
import { type ReportData, successData } from "../report-data.js";
import { barList, histogramChart, splitBar } from "../svg-charts.js";
import type { ValueMasker } from "../value-masker.js";
import { type SectionWriter, severityBadge, table } from "./common.js";

/** Withheld columns lack their value fields. */
export type ProfiledColumn = Partial<ColumnProfile> & Pick<ColumnProfile, "name" | "count" | "nulls"> & { statistics_withheld?: boolean };

/** Categorical columns show every category when there are few, else the top values. */
export const CATEGORY_BARS = 20;

export function profiledColumns(report: ReportData): ProfiledColumn[] {
  return successData<{ columns?: ProfiledColumn[] }>(report, "unified-profiler")?.columns ?? [];
}

function chartFor(c: ProfiledColumn, masker: ValueMasker): Markup {
  if (c.histogram && c.histogram.counts.length > 0)
    return histogramChart(c.histogram.bin_edges, c.histogram.counts, `Histogram of ${c.name}`);
  const values = c.categories && c.categories.length <= CATEGORY_BARS ? c.categories : c.top_values;
  if (values && values.length > 0) {
    const nonNull = c.count - c.nulls;
    const bars = values.map((v) => ({ label: masker.show(c.name, v.value, c.values_masked) || "(empty)", count: v.count }));
    return barList(bars, `Most common values of ${c.name}`, nonNull);
  }
  return splitBar(
    [
      { label: "values", count: c.count - c.nulls, tone: "present" },
      { label: "missing", count: c.nulls, tone: "missing" },
    ],
    `Present and missing values of ${c.name}`,
  );
}

function statistics(c: ProfiledColumn, masker: ValueMasker): Markup {
  const numeric = typeof c.mean === "number";
  const shown = (v: unknown) => (typeof v === "number" ? formatNumber(v) : masker.show(c.name, v, c.values_masked) || "–");
  // Laid out two pairs to a line: counts first, then range and centre, then the spread.
  const rows: [string, string][] = [
    ["Rows", formatCount(c.count)],
    ["Missing", `${formatCount(c.nulls)} (${formatShare(c.null_share)})`],
    ["Distinct", `${c.distinct_exact === false ? "≈ " : ""}${formatCount(c.distinct)} (${formatShare(c.unique_ratio)})`],
  ];
  if (numeric) rows.push(["Zeros", formatCount(c.zeros)]);
  else if (c.length)
    rows.push(["Length", `${formatCount(c.length.min)}–${formatCount(c.length.max)} (mean ${formatNumber(c.length.mean)})`]);
  if (c.min !== undefined && c.min !== null) rows.push(["Min", shown(c.min)], ["Max", shown(c.max)]);
  if (numeric) {
    rows.push(["Mean", formatNumber(c.mean)], ["Std", formatNumber(c.std)]);
    if (c.quantiles) {
      const q = c.quantiles;
      rows.push(
        ["5th pct", formatNumber(q.p5)],
        ["25th pct", formatNumber(q.p25)],
        ["Median", formatNumber(q.p50)],
        ["75th pct", formatNumber(q.p75)],
        ["95th pct", formatNumber(q.p95)],
      );
    }
    rows.push(["Negatives", formatCount(c.negatives)]);
    if (c.skewness !== null && c.skewness !== undefined) rows.push(["Skewness", formatNumber(c.skewness)]);
  }
  if (c.whitespace) rows.push(["Padded", formatCount(c.whitespace)]);
  if (c.mixed_type_count) rows.push(["Other type", formatCount(c.mixed_type_count)]);
  return html`<dl class="stats">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

function findingsFor(report: ReportData, column: string): Markup {
  const found = report.agents.flatMap((a) => [
    ...a.alerts.filter((x) => x.field === column).map((x) => ({ severity: x.severity, text: x.message, agent: a.agent_id })),
    ...a.issues.filter((x) => x.field === column).map((x) => ({ severity: x.severity, text: x.description, agent: a.agent_id })),
  ]);
  if (found.length === 0) return html`<p class="muted">No issues found.</p>`;
  return html`<ul class="findings">${found.map((f) => html`<li>${severityBadge(f.severity)} ${f.text} <span class="muted">(${humanize(f.agent)})</span></li>`)}</ul>`;
}

function card(report: ReportData, c: ProfiledColumn, index: number, masker: ValueMasker): Markup {
  const patterns =
    c.patterns && c.patterns.length > 0
      ? table(
          ["Shape", "Count"],
          c.patterns.map((p) => [html`<span class="mono">${p.pattern}</span>`, p.count]),
        )
      : "";
  const mixed =
    c.mixed_examples && c.mixed_examples.length > 0
      ? html`<p class="muted">Values of another type, e.g. row ${c.mixed_examples
          .slice(0, 5)
          .map((m) => `${formatCount(m.row)}: “${masker.show(c.name, m.value, c.values_masked)}”`)
          .join(", row ")}</p>`
      : "";
  return html`<article class="card column-card" id="column-${index + 1}" data-column="${c.name}">
<header><h3>${c.name}</h3><span><span class="badge">${c.inferred_type ?? "unknown"}</span> <span class="badge">${humanize(c.semantic_type ?? "unknown")}</span></span></header>
${c.statistics_withheld ? html`<p class="note">Personal data: values, ranges and shapes are withheld from this report (governance setting); counts remain.</p>` : c.values_masked ? html`<p class="note">Personal data: values are shown masked.</p>` : ""}
${chartFor(c, masker)}
${statistics(c, masker)}
${patterns}${mixed}
${findingsFor(report, c.name)}
</article>`;
}

export const columnsSection: SectionWriter = ({ report, masker }) => {
  const columns = profiledColumns(report);
  if (columns.length === 0) return null;
  return { id: "columns", title: "Columns", body: html`<div class="cards">${columns.map((c, i) => card(report, c, i, masker))}</div>` };
};
