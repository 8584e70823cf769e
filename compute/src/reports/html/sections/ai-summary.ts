/** The run's summary in words (report.json's ai_summary), with its actions and links to the findings it cites. */
import { html, type Markup } from "../html.js";
import { findingAnchor, findingIds } from "../report-data.js";
import type { SectionWriter } from "./common.js";

export const aiSummarySection: SectionWriter = ({ report }) => {
  const summary = report.ai_summary;
  if (!summary || typeof summary.text !== "string") return null;
  const known = findingIds(report);
  const cites = (ids: string[] | undefined): Markup =>
    html`<span class="cites">${(ids ?? []).filter((id) => known.has(id)).map((id) => html`<a href="#${findingAnchor(id)}">${id}</a>`)}</span>`;
  const origin = summary.ai_written
    ? html`<p class="muted">Written by ${summary.model ?? "a language model"} from the findings below; check the cited findings before acting.</p>`
    : html`<p class="note" data-not-ai-written><strong>Not AI-written.</strong> ${summary.note ?? "Built directly from the findings."}</p>`;
  return {
    id: "summary",
    title: "Summary",
    body: html`${origin}
${summary.text.split(/\n{2,}/).map((p) => html`<p class="summary-text">${p}</p>`)}
${cites(summary.cites)}
${summary.actions.length > 0 ? html`<h3>What to do</h3><ol>${summary.actions.map((a) => html`<li>${a.text} ${cites(a.cites)}</li>`)}</ol>` : ""}`,
  };
};
