/**
 * Inline SVG charts: nothing to load, nothing to run, printable. Every bar carries its count in
 * `data-count` (and a <title> tooltip), so the drawing can be checked against report.json.
 * Labels are escaped by `html`; callers mask values before passing them in.
 */
import { formatCount, formatNumber, formatScore, formatShare } from "./format.js";
import { html, type Markup } from "./html.js";

export interface Bar {
  label: string;
  count: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

function shorten(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Vertical bars over equal-width bins: `edges` has one more entry than `counts`. */
export function histogramChart(edges: number[], counts: number[], caption: string): Markup {
  const width = 360;
  const height = 120;
  const top = Math.max(1, ...counts);
  const step = width / Math.max(1, counts.length);
  const bars = counts.map((count, i) => {
    const h = (count / top) * (height - 4);
    const range = `${formatNumber(edges[i])} – ${formatNumber(edges[i + 1])}`;
    return html`<rect class="bar" x="${round(i * step + 0.5)}" y="${round(height - h)}" width="${round(Math.max(1, step - 1))}" height="${round(h)}" data-count="${count}" data-range="${range}"><title>${range}: ${formatCount(count)}</title></rect>`;
  });
  return html`<svg class="chart histogram" data-chart="histogram" viewBox="0 0 ${width} ${height + 18}" role="img" aria-label="${caption}">
<line class="axis" x1="0" y1="${height + 0.5}" x2="${width}" y2="${height + 0.5}"/>${bars}
<text class="tick" x="0" y="${height + 14}">${formatNumber(edges[0])}</text><text class="tick" x="${width}" y="${height + 14}" text-anchor="end">${formatNumber(edges[edges.length - 1])}</text>
</svg>`;
}

/** Horizontal bars, one per value, longest first as given; `total` turns counts into shares in the labels. */
export function barList(bars: Bar[], caption: string, total?: number): Markup {
  const labelWidth = 150;
  const barWidth = 170;
  const row = 18;
  const top = Math.max(1, ...bars.map((b) => b.count));
  const rows = bars.map((b, i) => {
    const w = (b.count / top) * barWidth;
    const y = i * row;
    const share = total ? ` (${formatShare(b.count / total)})` : "";
    return html`<g><text class="label" x="${labelWidth - 6}" y="${y + 13}" text-anchor="end">${shorten(b.label, 24)}</text><rect class="bar" x="${labelWidth}" y="${y + 3}" width="${round(Math.max(w, 1))}" height="${row - 5}" data-count="${b.count}" data-label="${b.label}"><title>${b.label}: ${formatCount(b.count)}${share}</title></rect><text class="value" x="${round(labelWidth + w + 4)}" y="${y + 13}">${formatCount(b.count)}${share}</text></g>`;
  });
  return html`<svg class="chart bars" data-chart="bars" width="${labelWidth + barWidth + 90}" viewBox="0 0 ${labelWidth + barWidth + 90} ${Math.max(row, bars.length * row)}" role="img" aria-label="${caption}">${rows}</svg>`;
}

/** A half-circle gauge for a 0–100 score. */
export function gauge(score: number, caption: string): Markup {
  const s = Math.min(100, Math.max(0, score));
  const theta = Math.PI * (1 - s / 100);
  const x = round(60 + 50 * Math.cos(theta));
  const y = round(60 - 50 * Math.sin(theta));
  const level = s >= 80 ? "good" : s >= 60 ? "warning" : "critical";
  return html`<svg class="chart gauge ${level}" data-chart="gauge" data-score="${score}" viewBox="0 0 120 72" role="img" aria-label="${caption}: ${formatScore(score)} of 100">
<path class="track" d="M10 60 A50 50 0 0 1 110 60"/>${s > 0 ? html`<path class="fill" d="M10 60 A50 50 0 0 1 ${x} ${y}"/>` : ""}
<text class="score" x="60" y="56" text-anchor="middle">${formatScore(score)}</text><text class="tick" x="60" y="70" text-anchor="middle">of 100</text>
</svg>`;
}

/** A square matrix of values in [-1, 1]; null cells (not computed) stay blank. */
export function heatmap(labels: string[], value: (i: number, j: number) => number | null, caption: string): Markup {
  const cell = 26;
  const margin = 120;
  const size = margin + labels.length * cell;
  const cells = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = 0; j < labels.length; j++) {
      const v = value(i, j);
      if (v === null) continue;
      const colour = v >= 0 ? "#c0392b" : "#2166ac";
      cells.push(
        html`<rect class="cell" x="${margin + j * cell}" y="${margin + i * cell}" width="${cell - 1}" height="${cell - 1}" fill="${colour}" fill-opacity="${round(Math.abs(v) * 0.9 + 0.05)}" data-row="${labels[i]}" data-column="${labels[j]}" data-value="${v}"><title>${labels[i]} × ${labels[j]}: ${v.toFixed(2)}</title></rect>`,
      );
    }
  }
  const rowLabels = labels.map(
    (l, i) => html`<text class="label" x="${margin - 4}" y="${margin + i * cell + 17}" text-anchor="end">${shorten(l, 16)}</text>`,
  );
  const columnLabels = labels.map(
    (l, j) => html`<text class="label" transform="translate(${margin + j * cell + 17} ${margin - 4}) rotate(-60)">${shorten(l, 16)}</text>`,
  );
  return html`<svg class="chart heatmap" data-chart="heatmap" width="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="${caption}">${rowLabels}${columnLabels}${cells}</svg>`;
}

/** Two distributions over the same bins or categories, drawn as shares so unequal row counts compare. */
export function overlayChart(labels: string[], baseline: number[], current: number[], caption: string): Markup {
  const width = 360;
  const height = 120;
  const bTotal = baseline.reduce((s, x) => s + x, 0) || 1;
  const cTotal = current.reduce((s, x) => s + x, 0) || 1;
  const top = Math.max(1e-9, ...baseline.map((x) => x / bTotal), ...current.map((x) => x / cTotal));
  const step = width / Math.max(1, labels.length);
  const series = (counts: number[], total: number, name: string) =>
    counts.map((count, i) => {
      const h = (count / total / top) * (height - 4);
      return html`<rect class="bar ${name}" x="${round(i * step + 0.5)}" y="${round(height - h)}" width="${round(Math.max(1, step - 1))}" height="${round(h)}" data-series="${name}" data-count="${count}" data-label="${labels[i]}"><title>${name} · ${labels[i]}: ${formatCount(count)} (${formatShare(count / total)})</title></rect>`;
    });
  return html`<svg class="chart overlay" data-chart="overlay" viewBox="0 0 ${width} ${height + 18}" role="img" aria-label="${caption}">
<line class="axis" x1="0" y1="${height + 0.5}" x2="${width}" y2="${height + 0.5}"/>${series(baseline, bTotal, "baseline")}${series(current, cTotal, "current")}
<text class="tick" x="0" y="${height + 14}">${shorten(labels[0] ?? "", 20)}</text><text class="tick" x="${width}" y="${height + 14}" text-anchor="end">${shorten(labels[labels.length - 1] ?? "", 20)}</text>
</svg>`;
}

/** One horizontal bar split into parts (present / missing, kept / quarantined …). */
export function splitBar(parts: { label: string; count: number; tone: string }[], caption: string): Markup {
  const width = 360;
  const total = parts.reduce((s, p) => s + p.count, 0) || 1;
  let x = 0;
  const rects = parts.map((p) => {
    const w = (p.count / total) * width;
    const rect = html`<rect class="bar ${p.tone}" x="${round(x)}" y="0" width="${round(w)}" height="16" data-count="${p.count}" data-label="${p.label}"><title>${p.label}: ${formatCount(p.count)} (${formatShare(p.count / total)})</title></rect>`;
    x += w;
    return rect;
  });
  return html`<svg class="chart split" data-chart="split" viewBox="0 0 ${width} 16" role="img" aria-label="${caption}">${rects}</svg>`;
}
