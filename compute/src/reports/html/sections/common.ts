/** Building blocks the sections share: a section shape, tiles, tables, severity badges. */
import type { Severity } from "@agensium/shared";
import { formatCount, formatShare } from "../format.js";
import { html, type Markup } from "../html.js";
import type { ReportData } from "../report-data.js";
import type { ValueMasker } from "../value-masker.js";

export interface Section {
  id: string;
  title: string;
  body: Markup;
}

export interface SectionContext {
  report: ReportData;
  masker: ValueMasker;
}

export type SectionWriter = (ctx: SectionContext) => Section | null;

export function tile(label: string, value: string, status?: string): Markup {
  return html`<div class="tile${status ? ` ${status}` : ""}"><div class="k">${label}</div><div class="v">${value}</div></div>`;
}

export function severityBadge(severity: Severity | string): Markup {
  return html`<span class="sev ${severity}">${severity}</span>`;
}

export type CellValue = string | number | Markup | null | undefined;

/** A table; numeric cells are formatted and right-aligned, other cells escaped as text. */
export function table(headers: string[], rows: CellValue[][], caption?: string): Markup {
  const cell = (v: CellValue) => (typeof v === "number" ? html`<td class="num">${formatCount(v)}</td>` : html`<td>${v ?? "–"}</td>`);
  return html`<table>${caption ? html`<caption class="muted">${caption}</caption>` : ""}<thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map(cell)}</tr>`)}</tbody></table>`;
}

/** "1,234 (5.6 %)" */
export function countWithShare(count: number, total: number): string {
  return total > 0 ? `${formatCount(count)} (${formatShare(count / total)})` : formatCount(count);
}

/** A line saying only the first rows of a longer list are shown. */
export function shownOf(shown: number, total: number, where: string): Markup {
  return shown < total
    ? html`<p class="muted">First ${formatCount(shown)} of ${formatCount(total)} shown; all of them are in ${where}.</p>`
    : html``;
}

export const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];
