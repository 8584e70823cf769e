/**
 * report.html: the run's report as one self-contained page, written from the same capped report
 * object as report.json. Inline CSS and SVG only, no script and nothing fetched (a CSP meta tag
 * forbids it too), so it opens from a file with the network off; its size depends on the number
 * of columns and findings, never on the number of rows. Sections appear when their agents ran.
 */
import { findTool } from "@agensium/shared";
import { formatCount } from "./html/format.js";
import { html } from "./html/html.js";
import type { ReportData } from "./html/report-data.js";
import { aiSummarySection } from "./html/sections/ai-summary.js";
import { beforeAfterSection, cleaningChangesSection, quarantineSection } from "./html/sections/cleaning.js";
import { columnsSection } from "./html/sections/columns.js";
import type { Section, SectionContext, SectionWriter } from "./html/sections/common.js";
import { correlationsSection } from "./html/sections/correlations.js";
import { driftSection } from "./html/sections/drift.js";
import { findingsSection, rowIssuesSection } from "./html/sections/findings.js";
import { entitiesSection, mappingSection, stewardshipSection, survivorshipSection } from "./html/sections/mastering.js";
import { missingValuesSection } from "./html/sections/missing-values.js";
import { overviewSection } from "./html/sections/overview.js";
import { piiGovernanceSection } from "./html/sections/pii-governance.js";
import { qualityChecksSection } from "./html/sections/quality-checks.js";
import { STYLES } from "./html/styles.js";
import { valueMasker } from "./html/value-masker.js";

export type { ReportData } from "./html/report-data.js";

/** ydata-profiling's order: summary and overview, columns, interactions, then the tool's own results and the findings. */
const SECTIONS: SectionWriter[] = [
  aiSummarySection,
  overviewSection,
  columnsSection,
  missingValuesSection,
  correlationsSection,
  driftSection,
  piiGovernanceSection,
  qualityChecksSection,
  quarantineSection,
  cleaningChangesSection,
  beforeAfterSection,
  entitiesSection,
  survivorshipSection,
  stewardshipSection,
  mappingSection,
  findingsSection,
  rowIssuesSection,
];

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** A section whose agent wrote data of another shape than expected is left out, not the whole page. */
function safely(write: SectionWriter, ctx: SectionContext): Section | null {
  try {
    return write(ctx);
  } catch {
    return null;
  }
}

export function reportHtml(report: ReportData): string {
  const ctx = { report, masker: valueMasker(report) };
  const sections = SECTIONS.map((write) => safely(write, ctx)).filter((s): s is Section => s !== null);
  const tool = findTool(report.tool_id)?.name ?? report.tool_id;
  const primary = report.inputs.find((i) => i.role === "primary");
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${tool} report · ${report.task_id}</title>
<style>${STYLES}</style>
</head>
<body>
<header class="top"><h1>${tool}</h1><p>Task ${report.task_id} · ${report.created_at.replace("T", " ").replace(/\.\d+Z$/, " UTC")}${primary ? ` · ${formatCount(primary.rows)} rows × ${formatCount(primary.columns.length)} columns` : ""}</p></header>
<div class="layout">
<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>
<main>${sections.map((s) => html`<section class="report-section" id="${s.id}"><h2>${s.title}</h2>${s.body}</section>`)}
<p class="muted">Written by Agensium from the same data as report.json.</p></main>
</div>
</body>
</html>
`;
  return page.text;
}
