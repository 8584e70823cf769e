/**
 * The missing-values matrix: one row per column, one cell per way a value can be missing (no value
 * at all, a null token such as NA or an empty string, whitespace padding), shaded by share.
 */
import { formatCount, formatShare } from "../format.js";
import { html } from "../html.js";
import { splitBar } from "../svg-charts.js";
import { profiledColumns } from "./columns.js";
import { type SectionWriter, tile } from "./common.js";

export const missingValuesSection: SectionWriter = ({ report }) => {
  const columns = profiledColumns(report);
  if (columns.length === 0) return null;
  const cells = columns.reduce((s, c) => s + c.count, 0);
  const missing = columns.reduce((s, c) => s + c.nulls, 0);
  const kinds = [
    { label: "No value", count: (c: (typeof columns)[number]) => c.missing ?? 0 },
    { label: "Null token or empty", count: (c: (typeof columns)[number]) => c.text_nulls ?? 0 },
    { label: "Padded with spaces", count: (c: (typeof columns)[number]) => c.whitespace ?? 0 },
    { label: "All missing", count: (c: (typeof columns)[number]) => c.nulls },
  ];
  const shade = (share: number) => `background:rgba(224,162,59,${Math.min(1, share * 0.9 + (share > 0 ? 0.1 : 0)).toFixed(2)})`;
  const rows = columns.map(
    (c) =>
      html`<tr data-column="${c.name}"><th>${c.name}</th>${kinds.map((k) => {
        const n = k.count(c);
        const share = c.count > 0 ? n / c.count : 0;
        return html`<td class="cell" style="${shade(share)}" data-kind="${k.label}" data-count="${n}" title="${formatCount(n)} of ${formatCount(c.count)}">${n > 0 ? formatShare(share) : "–"}</td>`;
      })}<td>${splitBar(
        [
          { label: "values", count: c.count - c.nulls, tone: "present" },
          { label: "missing", count: c.nulls, tone: "missing" },
        ],
        `Missing values of ${c.name}`,
      )}</td></tr>`,
  );
  return {
    id: "missing-values",
    title: "Missing values",
    body: html`<div class="tiles">${tile("Missing cells", formatCount(missing))}${tile("Completeness", formatShare(cells > 0 ? 1 - missing / cells : 1), missing / Math.max(1, cells) > 0.05 ? "warning" : "good")}</div>
<table class="missing-matrix"><thead><tr><th>Column</th>${kinds.map((k) => html`<th>${k.label}</th>`)}<th>Present / missing</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted">Shares of the column's rows. Null tokens are the markers read as missing (NA, null, empty strings, …).</p>`,
  };
};
