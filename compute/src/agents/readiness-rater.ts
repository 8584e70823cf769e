/**
 * readiness-rater: a weighted 0–100 score from six dimensions, each 0–100:
 *   completeness = 100 × (1 − null cells / cells)
 *   validity     = 100 × (1 − (values of another type than their column + infinite values) / non-null cells)
 *   uniqueness   = 100 × (1 − duplicate rows / rows)
 *   consistency  = 100 × (1 − (padded values + nulls written as text such as "NA") / cells)
 *   pii_risk     = 100 − the dataset's PII risk score (score-risk)
 *   drift        = 100 × (1 − drifted columns / compared columns); left out without a baseline
 * overall = Σ weight × score / Σ weight over the dimensions measured; grade ready ≥ ready_threshold,
 * needs review ≥ review_threshold, else not ready. The top reasons are the largest weighted losses.
 */
import type * as report from "@agensium/shared";
import { type ProfileMyDataParameters, profileMyDataParameters, type Recommendation, type SummaryItem } from "@agensium/shared";
import type { Agent } from "../engine/types.js";
import type { DriftData } from "./drift-detector.js";
import { piiFromPrevious, scanPii } from "./score-risk/scan-pii.js";
import { profileFrom } from "./unified-profiler.js";

type Params = ProfileMyDataParameters["readiness-rater"];
type Dimension = keyof Params["weights"];

export type ReadinessData = report.ReadinessData;

const round1 = (x: number) => Math.round(x * 10) / 10;
const ratioScore = (bad: number, total: number) => (total > 0 ? round1(100 * (1 - Math.min(1, bad / total))) : 100);

export const readinessRater: Agent<Params, ReadinessData> = {
  id: "readiness-rater",
  async run(ctx) {
    const defaults = profileMyDataParameters.parse({});
    const profile = await profileFrom(ctx, defaults["unified-profiler"]);
    const pii = piiFromPrevious(ctx.previous) ?? (await scanPii(ctx.primary, defaults["score-risk"], { signal: ctx.signal }));
    const driftOutput = ctx.previous.get("drift-detector");
    const drift = driftOutput?.status === "success" ? (driftOutput.data as DriftData) : null;

    const { rows } = profile.dataset;
    const cells = rows * profile.columns.length;
    const sum = (f: (c: (typeof profile.columns)[number]) => number) => profile.columns.reduce((s, c) => s + f(c), 0);
    const nulls = sum((c) => c.nulls);
    const nonNull = cells - nulls;
    const invalid = sum((c) => c.mixed_type_count + c.infinite);
    const inconsistent = sum((c) => c.whitespace + (c.text_nulls - c.empty_strings));
    const w = ctx.parameters.weights;
    const dims: ReadinessData["dimensions"] = [
      {
        dimension: "completeness",
        score: ratioScore(nulls, cells),
        weight: w.completeness,
        measured: true,
        detail: `${nulls} of ${cells} cells are missing`,
      },
      {
        dimension: "validity",
        score: ratioScore(invalid, nonNull),
        weight: w.validity,
        measured: true,
        detail: `${invalid} values do not fit their column's type`,
      },
      {
        dimension: "uniqueness",
        score: ratioScore(profile.dataset.duplicate_rows, rows),
        weight: w.uniqueness,
        measured: true,
        detail: `${profile.dataset.duplicate_rows} duplicate rows`,
      },
      {
        dimension: "consistency",
        score: ratioScore(inconsistent, cells),
        weight: w.consistency,
        measured: true,
        detail: `${inconsistent} padded values or text nulls`,
      },
      {
        dimension: "pii_risk",
        score: 100 - pii.dataset_risk_score,
        weight: w.pii_risk,
        measured: true,
        detail: `PII risk ${pii.dataset_risk_score}/100`,
      },
      drift
        ? {
            dimension: "drift",
            score: round1(100 * (1 - drift.drift_share)),
            weight: w.drift,
            measured: true,
            detail: `${drift.drifted_columns} of ${drift.columns.length} columns drifted`,
          }
        : { dimension: "drift", score: 100, weight: w.drift, measured: false, detail: "Not measured: no baseline to compare against" },
    ];
    const measured = dims.filter((d) => d.measured && d.weight > 0);
    const totalWeight = measured.reduce((s, d) => s + d.weight, 0);
    const overall = totalWeight > 0 ? round1(measured.reduce((s, d) => s + d.weight * d.score, 0) / totalWeight) : 0;
    const { ready_threshold, review_threshold } = ctx.parameters;
    const grade: ReadinessData["grade"] = overall >= ready_threshold ? "ready" : overall >= review_threshold ? "needs_review" : "not_ready";
    const losses = measured
      .map((d) => ({ d, loss: d.weight * (100 - d.score) }))
      .filter((x) => x.loss > 0)
      .sort((a, b) => b.loss - a.loss)
      .slice(0, 3);
    const topReasons = losses.map(({ d }) => `${d.dimension.replace("_", " ")} ${d.score}/100: ${d.detail}`);
    const recommendations: Recommendation[] = losses.map(({ d }, i) => ({
      id: `readiness-rec-${i + 1}`,
      priority: d.score < 65 ? "high" : d.score < 85 ? "medium" : "low",
      action: ACTIONS[d.dimension],
      rationale: d.detail,
    }));
    const status = grade === "ready" ? "good" : grade === "needs_review" ? "warning" : "critical";
    const summary: SummaryItem[] = [
      {
        title: "Readiness",
        value: overall,
        status,
        description: `${grade.replace("_", " ")} (ready ≥ ${ready_threshold}, review ≥ ${review_threshold})`,
      },
      ...measured.map(
        (d): SummaryItem => ({
          title: d.dimension,
          value: d.score,
          status: d.score >= 85 ? "good" : d.score >= 65 ? "warning" : "critical",
          description: d.detail,
        }),
      ),
    ];
    const alerts =
      grade === "ready"
        ? []
        : [
            {
              id: "readiness-1",
              severity: grade === "not_ready" ? ("high" as const) : ("medium" as const),
              category: "readiness",
              message: `Data is ${grade.replace("_", " ")} (${overall}/100)`,
              metric: "overall",
              value: overall,
              threshold: ready_threshold,
            },
          ];
    return {
      alerts,
      issues: [],
      recommendations,
      row_level_issues: [],
      executive_summary: summary,
      data: { overall, grade, dimensions: dims, top_reasons: topReasons },
    };
  },
};

const ACTIONS: Record<Dimension, string> = {
  completeness: "Fill or source the missing values (null-handler)",
  validity: "Convert or null values that do not match their column's type (type-fixer)",
  uniqueness: "Remove duplicate rows (duplicate-resolver)",
  consistency: "Trim padded values and normalise text nulls (field-standardization)",
  pii_risk: "Mask, tokenize or drop personal data before sharing (see governance-checker)",
  drift: "Investigate the columns that drifted from the baseline",
};
