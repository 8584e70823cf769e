/**
 * governance-checker: maps PII, health and special-category columns to the GDPR, CCPA, HIPAA
 * and PCI-DSS rules they touch, scores each framework and recommends a protective action per column.
 */
import type * as report from "@agensium/shared";
import {
  type Alert,
  type Issue,
  type ProfileMyDataParameters,
  profileMyDataParameters,
  type Recommendation,
  type SummaryItem,
} from "@agensium/shared";
import type { Agent } from "../engine/types.js";
import { actionFor, classifyColumns, complianceScore, evaluate } from "./governance-checker/rules.js";
import { piiFromPrevious, scanPii } from "./score-risk/scan-pii.js";

type Params = ProfileMyDataParameters["governance-checker"];

export type GovernanceData = report.GovernanceData;

export const governanceChecker: Agent<Params, GovernanceData> = {
  id: "governance-checker",
  async run(ctx) {
    const pii =
      piiFromPrevious(ctx.previous) ??
      (await scanPii(ctx.primary, profileMyDataParameters.parse({})["score-risk"], {
        signal: ctx.signal,
        progress: (r) => ctx.progress(r, "checking"),
      }));
    const classes = classifyColumns(pii.columns);
    const names = ctx.primary.columns;
    const frameworks = ctx.parameters.frameworks.map((framework) => {
      const findings = evaluate(framework, classes, names);
      const score = complianceScore(findings);
      const status = score >= 90 ? "compliant" : score >= 60 ? "at_risk" : "non_compliant";
      return { framework, score, status, findings } as GovernanceData["frameworks"][number];
    });
    const alerts: Alert[] = [];
    const issues: Issue[] = [];
    for (const f of frameworks.flatMap((fw) => fw.findings)) {
      alerts.push({
        id: `gov-${alerts.length + 1}`,
        severity: f.severity,
        category: f.framework,
        field: f.field,
        message: `${f.framework} ${f.rule}: ${f.description}`,
      });
      const matches = f.field ? (pii.columns.find((c) => c.name === f.field)?.matches ?? 0) : 0;
      issues.push({
        id: `gov-issue-${issues.length + 1}`,
        type: `${f.framework.toLowerCase()}_${f.rule.replace(/\W+/g, "_").toLowerCase()}`,
        severity: f.severity,
        field: f.field,
        count: Math.max(1, matches),
        description: f.description,
      });
    }
    const columns = classes.map((c) => ({
      name: c.name,
      entity: c.entity,
      health: c.health,
      special_category: c.specialCategory,
      action: actionFor(c),
    }));
    const recommendations: Recommendation[] = columns
      .filter((c) => c.action !== null)
      .map((c, i) => ({
        id: `gov-rec-${i + 1}`,
        priority: c.action === "drop" || c.action === "tokenize" || c.action === "encrypt" ? "high" : "medium",
        action: `${c.action![0].toUpperCase()}${c.action!.slice(1)} ${c.name}`,
        field: c.name,
        rationale: c.entity
          ? `${c.entity.replaceAll("_", " ")} is personal data`
          : c.health
            ? "health information"
            : "special category data",
      }));
    const withheld = ctx.parameters.withhold_pii_statistics ? columns.filter((c) => c.action !== null).map((c) => c.name) : [];
    const summary: SummaryItem[] = frameworks.map((f) => ({
      title: `${f.framework} compliance`,
      value: f.score,
      status: f.status === "compliant" ? "good" : f.status === "at_risk" ? "warning" : "critical",
      description: f.findings.length ? `${f.findings.length} findings` : "No finding",
    }));
    return {
      alerts,
      issues,
      recommendations,
      row_level_issues: [],
      executive_summary: summary,
      data: { frameworks, columns, withheld_statistics: withheld },
    };
  },
};
