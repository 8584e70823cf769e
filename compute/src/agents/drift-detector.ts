/**
 * drift-detector: baseline vs primary. Schema drift (added, removed, retyped columns), a drift
 * test per shared column chosen as Evidently does, PSI for every column, and dataset drift when
 * at least dataset_drift_share of the columns drift. Skipped when there is no baseline.
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
import type { Agent, AgentResult } from "../engine/types.js";
import { type ColumnDrift, columnDrift } from "./drift-detector/column-drift.js";
import { inferType } from "./unified-profiler/column-profile.js";
import { scanDataset } from "./unified-profiler/scan.js";

type Params = ProfileMyDataParameters["drift-detector"];

export type DriftData = report.DriftData;

const NUMERIC = new Set(["integer", "float"]);
const IDENTIFIER_UNIQUE_SHARE = 0.5;

export const driftDetector: Agent<Params, DriftData | null> = {
  id: "drift-detector",
  async run(ctx): Promise<AgentResult<DriftData | null>> {
    const empty = { alerts: [], issues: [], recommendations: [], row_level_issues: [], executive_summary: [] };
    if (!ctx.baseline)
      return { ...empty, status: "skipped", reason: "No baseline file was given, so there is nothing to compare against", data: null };
    const p = ctx.parameters;
    const profilerParams = profileMyDataParameters.parse({})["unified-profiler"];
    const scanOptions = {
      exactDistinctLimit: profilerParams.exact_distinct_limit,
      nullMarkers: profilerParams.null_markers,
      signal: ctx.signal,
    };
    const baseline = await scanDataset(ctx.baseline, scanOptions);
    const current = await scanDataset(ctx.primary, { ...scanOptions, progress: (rows) => ctx.progress(rows, "comparing") });
    const bByName = new Map(baseline.columns.map((c) => [c.name, c]));
    const cByName = new Map(current.columns.map((c) => [c.name, c]));
    const added = current.columns.filter((c) => !bByName.has(c.name)).map((c) => c.name);
    const removed = baseline.columns.filter((c) => !cByName.has(c.name)).map((c) => c.name);
    const retyped: DriftData["schema"]["retyped"] = [];
    const notCompared: DriftData["not_compared"] = [];
    const columns: ColumnDrift[] = [];
    for (const cur of current.columns) {
      const base = bByName.get(cur.name);
      if (!base) continue;
      const bType = inferType(base, false).type;
      const cType = inferType(cur, false).type;
      if (bType !== cType) retyped.push({ column: cur.name, baseline: bType, current: cType });
      if (base.nonNull === 0 || cur.nonNull === 0) continue;
      const numeric = NUMERIC.has(bType) && NUMERIC.has(cType) && base.quantiles.count > 0 && cur.quantiles.count > 0;
      // Near-unique text (names, e-mails, ids) has no category distribution to compare: every value differs.
      if (!numeric && base.values.distinct() > IDENTIFIER_UNIQUE_SHARE * base.nonNull && base.nonNull >= 20) {
        notCompared.push({
          column: cur.name,
          reason: "near-unique text values (an identifier or free text) have no distribution to compare",
        });
        continue;
      }
      columns.push(columnDrift(cur.name, numeric, base, cur, baseline.rows, p));
    }
    const drifted = columns.filter((c) => c.drift);
    const driftShare = columns.length ? drifted.length / columns.length : 0;
    const datasetDrift = columns.length > 0 && driftShare >= p.dataset_drift_share;

    const alerts: Alert[] = [];
    const issues: Issue[] = [];
    const recommendations: Recommendation[] = [];
    for (const c of drifted) {
      const measure = c.p_value !== null ? `p = ${c.p_value.toPrecision(3)}` : `distance ${c.distance!.toFixed(3)}`;
      alerts.push({
        id: `drift-${alerts.length + 1}`,
        severity: "high",
        category: "drift",
        field: c.column,
        message: `${c.column} drifted (${c.test}, ${measure})`,
        metric: c.test,
        value: c.p_value ?? c.distance!,
        threshold: c.threshold,
      });
      issues.push({
        id: `drift-issue-${issues.length + 1}`,
        type: "distribution_drift",
        severity: "high",
        field: c.column,
        count: current.rows,
        description: `${c.test} ${measure} against threshold ${c.threshold}; PSI ${c.psi.toFixed(3)}`,
      });
    }
    for (const c of columns.filter((c) => c.psi_level !== "none" && !c.drift)) {
      alerts.push({
        id: `drift-${alerts.length + 1}`,
        severity: c.psi_level === "major" ? "high" : "medium",
        category: "psi",
        field: c.column,
        message: `${c.column} population shifted (PSI ${c.psi.toFixed(3)})`,
        metric: "psi",
        value: c.psi,
        threshold: p.psi_threshold,
      });
    }
    for (const name of added)
      alerts.push({
        id: `drift-${alerts.length + 1}`,
        severity: "medium",
        category: "schema",
        field: name,
        message: `${name} is new (absent from the baseline)`,
      });
    for (const name of removed)
      alerts.push({
        id: `drift-${alerts.length + 1}`,
        severity: "high",
        category: "schema",
        field: name,
        message: `${name} is missing (present in the baseline)`,
      });
    for (const r of retyped) {
      alerts.push({
        id: `drift-${alerts.length + 1}`,
        severity: "high",
        category: "schema",
        field: r.column,
        message: `${r.column} changed type from ${r.baseline} to ${r.current}`,
      });
      issues.push({
        id: `drift-issue-${issues.length + 1}`,
        type: "schema_retyped",
        severity: "high",
        field: r.column,
        count: 1,
        description: `Type ${r.baseline} in the baseline, ${r.current} now`,
      });
    }
    if (added.length + removed.length > 0) {
      issues.push({
        id: `drift-issue-${issues.length + 1}`,
        type: "schema_drift",
        severity: "high",
        count: added.length + removed.length,
        description: `Added: ${added.join(", ") || "none"}; removed: ${removed.join(", ") || "none"}`,
      });
    }
    if (datasetDrift) {
      alerts.push({
        id: `drift-${alerts.length + 1}`,
        severity: "critical",
        category: "dataset_drift",
        message: `${drifted.length} of ${columns.length} columns drifted`,
        metric: "drift_share",
        value: driftShare,
        threshold: p.dataset_drift_share,
      });
      recommendations.push({
        id: "drift-rec-1",
        priority: "high",
        action: "Retrain or recalibrate models fed by this data and investigate the upstream change",
        rationale: `${(driftShare * 100).toFixed(0)} % of columns drifted`,
      });
    }
    for (const c of drifted) {
      recommendations.push({
        id: `drift-rec-${recommendations.length + 1}`,
        priority: "medium",
        action: "Investigate the source of the change in this column",
        field: c.column,
        rationale: `${c.test} flags drift`,
      });
    }
    const summary: SummaryItem[] = [
      {
        title: "Dataset drift",
        value: datasetDrift ? "yes" : "no",
        status: datasetDrift ? "critical" : drifted.length ? "warning" : "good",
        description: `${drifted.length} of ${columns.length} columns drifted`,
      },
      {
        title: "Schema changes",
        value: added.length + removed.length + retyped.length,
        status: added.length + removed.length + retyped.length ? "warning" : "good",
        description: "Columns added, removed or retyped",
      },
    ];
    return {
      alerts,
      issues,
      recommendations,
      row_level_issues: [],
      executive_summary: summary,
      data: {
        baseline_rows: baseline.rows,
        current_rows: current.rows,
        schema: { added, removed, retyped },
        columns,
        drifted_columns: drifted.length,
        drift_share: driftShare,
        dataset_drift: datasetDrift,
        not_compared: notCompared,
      },
    };
  },
};
