/**
 * score-risk: PII detection per column with Presidio's scoring (pattern base score, checksum
 * to 1.0 or out, +header boost), a 0–100 risk per column and for the dataset, and row-level
 * issues pointing at PII cells with the value masked.
 */
import type { Alert, Issue, Recommendation, RowLevelIssue, Severity, SummaryItem } from "@agensium/shared";
import type { Agent, RowIssueSink } from "../engine/types.js";
import { ENTITY_SENSITIVITY } from "../stats/pii-entities.js";
import { lineBytesVisitor, rowIssuesOf } from "./score-risk/row-issue-lines.js";
import { type PiiScan, type ScoreRiskParams, scanPiiCells } from "./score-risk/scan-pii.js";

function severityOf(risk: number): Severity {
  return risk >= 80 ? "critical" : risk >= 60 ? "high" : risk >= 30 ? "medium" : "low";
}

export const scoreRisk: Agent<ScoreRiskParams, PiiScan> = {
  id: "score-risk",
  async run(ctx) {
    // Row issues go to the runner's sink as the cells are read back; run alone, they are returned.
    const listed: RowLevelIssue[] = [];
    const sink: RowIssueSink = ctx.rowIssues ?? { add: (issue: RowLevelIssue) => listed.push(issue) };
    const scan = await scanPiiCells(
      ctx.primary,
      ctx.parameters,
      ctx.spillDir,
      (columns) => {
        const rows = rowIssuesOf(columns, ctx.agentId);
        const { addBytes } = sink;
        // The runner's sink takes finished lines: the issue object is made only for the few kept inline.
        if (addBytes) return lineBytesVisitor(rows, ctx.agentId, addBytes.bind(sink));
        return { cell: (cell) => sink.add(rows.issue(cell)) };
      },
      { signal: ctx.signal, progress: (rows) => ctx.progress(rows, "scanning") },
    );
    const alerts: Alert[] = [];
    const issues: Issue[] = [];
    const recommendations: Recommendation[] = [];
    const pii = scan.columns.filter((c) => c.entity !== null).sort((a, b) => b.risk_score - a.risk_score);
    for (const c of pii) {
      const entity = c.entity!;
      const severity = severityOf(c.risk_score);
      const share = `${(c.share * 100).toFixed(1)} %`;
      alerts.push({
        id: `pii-${alerts.length + 1}`,
        severity,
        category: "pii",
        field: c.name,
        message: `${c.name} holds ${entity.replaceAll("_", " ")} values (${share} of values, risk ${c.risk_score}/100)`,
        metric: "risk_score",
        value: c.risk_score,
        threshold: ctx.parameters.min_score,
      });
      issues.push({
        id: `pii-issue-${issues.length + 1}`,
        type: `pii_${entity}`,
        severity,
        field: c.name,
        count: c.matches,
        description: `${c.matches} values detected as ${entity.replaceAll("_", " ")} (mean confidence ${c.mean_score.toFixed(2)})`,
      });
      recommendations.push({
        id: `pii-rec-${recommendations.length + 1}`,
        priority: ENTITY_SENSITIVITY[entity] >= 0.9 ? "high" : "medium",
        action: ENTITY_SENSITIVITY[entity] >= 0.9 ? "Tokenize or encrypt this column before sharing" : "Mask or pseudonymise this column",
        field: c.name,
        rationale: `${share} of the values are ${entity.replaceAll("_", " ")}`,
      });
    }
    for (const c of scan.columns) {
      for (const k of c.checksums.filter((k) => k.invalid > 0)) {
        const what = k.entity.replaceAll("_", " ");
        issues.push({
          id: `pii-issue-${issues.length + 1}`,
          type: `invalid_${k.entity}`,
          severity: "medium",
          field: c.name,
          count: k.invalid,
          description: `${k.invalid} values shaped like ${what} fail the ${k.check} (${k.valid} pass)`,
        });
      }
      for (const e of c.embedded) {
        const what = e.entity.replaceAll("_", " ");
        alerts.push({
          id: `pii-${alerts.length + 1}`,
          severity: ENTITY_SENSITIVITY[e.entity] >= 0.9 ? "high" : "medium",
          category: "pii",
          field: c.name,
          message: `${c.name} has ${what} written inside its text in ${e.count} rows`,
          metric: "embedded_count",
          value: e.count,
        });
        issues.push({
          id: `pii-issue-${issues.length + 1}`,
          type: `pii_embedded_${e.entity}`,
          severity: ENTITY_SENSITIVITY[e.entity] >= 0.9 ? "high" : "medium",
          field: c.name,
          count: e.count,
          description: `${e.count} free-text values contain ${what} (first rows: ${e.rows.slice(0, 10).join(", ")})`,
        });
        recommendations.push({
          id: `pii-rec-${recommendations.length + 1}`,
          priority: "medium",
          action: "Redact personal data written into this free-text column",
          field: c.name,
          rationale: `${e.count} values contain ${what}`,
        });
      }
    }
    const top = pii[0];
    const summary: SummaryItem[] = [
      {
        title: "Dataset PII risk",
        value: scan.dataset_risk_score,
        status: scan.dataset_risk_score >= 60 ? "critical" : scan.dataset_risk_score >= 30 ? "warning" : "good",
        description: "0 = no personal data found, 100 = highly sensitive identifiers exposed",
      },
      {
        title: "PII columns",
        value: pii.length,
        status: pii.length === 0 ? "good" : "warning",
        description: pii.length ? pii.map((c) => `${c.name} (${c.entity})`).join(", ") : "No column holds personal data",
      },
    ];
    if (top)
      summary.push({
        title: "Riskiest column",
        value: top.name,
        status: severityOf(top.risk_score) === "low" ? "warning" : "critical",
        description: `${top.entity} with risk ${top.risk_score}/100`,
      });
    return {
      alerts,
      issues,
      recommendations,
      row_level_issues: listed,
      executive_summary: summary,
      data: scan,
    };
  },
};
