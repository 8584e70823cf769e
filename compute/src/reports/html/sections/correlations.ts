/** Pearson correlations between numeric columns, as a heatmap and the strongest pairs. */
import { formatCount, formatNumber } from "../format.js";
import { html } from "../html.js";
import { successData } from "../report-data.js";
import { heatmap } from "../svg-charts.js";
import { type SectionWriter, table } from "./common.js";

interface Correlation {
  column_a: string;
  column_b: string;
  pearson: number | null;
  n: number;
}

/** Wider than this, the heatmap's labels no longer fit a page. */
const HEATMAP_COLUMNS = 30;
const STRONGEST = 10;

export const correlationsSection: SectionWriter = ({ report }) => {
  const pairs = successData<{ dataset?: { correlations?: Correlation[] } }>(report, "unified-profiler")?.dataset?.correlations;
  if (!pairs) return null;
  const valid = pairs.filter((p) => typeof p.pearson === "number" && Number.isFinite(p.pearson));
  if (valid.length === 0)
    return {
      id: "correlations",
      title: "Correlations",
      body: html`<p class="muted">Fewer than two numeric columns: no correlations to show.</p>`,
    };
  const labels = [...new Set(valid.flatMap((p) => [p.column_a, p.column_b]))].slice(0, HEATMAP_COLUMNS);
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix: (number | null)[][] = labels.map((_, i) => labels.map((_, j) => (i === j ? 1 : null)));
  for (const p of valid) {
    const i = index.get(p.column_a);
    const j = index.get(p.column_b);
    if (i === undefined || j === undefined) continue;
    matrix[i][j] = p.pearson;
    matrix[j][i] = p.pearson;
  }
  const strongest = [...valid].sort((a, b) => Math.abs(b.pearson ?? 0) - Math.abs(a.pearson ?? 0)).slice(0, STRONGEST);
  return {
    id: "correlations",
    title: "Correlations",
    body: html`${heatmap(labels, (i, j) => matrix[i][j], "Pearson correlation heatmap")}
<p class="legend"><span><i style="background:#c0392b"></i>positive</span><span><i style="background:#2166ac"></i>negative</span><span class="muted">darker is stronger; blank cells were not computed</span></p>
${labels.length < new Set(valid.flatMap((p) => [p.column_a, p.column_b])).size ? html`<p class="muted">The heatmap shows the first ${HEATMAP_COLUMNS} numeric columns.</p>` : ""}
<h3>Strongest pairs</h3>${table(
      ["Column", "Column", "Pearson r", "Rows compared"],
      strongest.map((p) => [p.column_a, p.column_b, formatNumber(p.pearson), formatCount(p.n)]),
    )}`,
  };
};
