/** The profiler's alerts, issues, recommendations and summary, with ydata-profiling's thresholds. */
import type * as report from "@agensium/shared";
import type { Alert, Issue, ProfileMyDataParameters, Recommendation, RowLevelIssue, Severity, SummaryItem } from "@agensium/shared";
import type { ColumnProfile } from "./column-profile.js";

type Params = ProfileMyDataParameters["unified-profiler"];

export type DatasetProfile = report.DatasetProfile;

export interface Findings {
  alerts: Alert[];
  issues: Issue[];
  recommendations: Recommendation[];
  executive_summary: SummaryItem[];
  row_level_issues: RowLevelIssue[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function profileFindings(dataset: DatasetProfile, columns: ColumnProfile[], p: Params): Findings {
  const alerts: Alert[] = [];
  const issues: Issue[] = [];
  const recommendations: Recommendation[] = [];
  const rowIssues: RowLevelIssue[] = [];
  const alert = (a: Omit<Alert, "id">) => alerts.push({ id: `profiler-${alerts.length + 1}`, ...a });
  const issue = (i: Omit<Issue, "id">) => issues.push({ id: `profiler-issue-${issues.length + 1}`, ...i });
  const recommend = (r: Omit<Recommendation, "id">) => recommendations.push({ id: `profiler-rec-${recommendations.length + 1}`, ...r });

  for (const c of columns) {
    const field = c.name;
    const nonNull = c.count - c.nulls;
    const numeric = c.inferred_type === "integer" || c.inferred_type === "float";
    if (c.null_share > p.missing_threshold) {
      const severity: Severity = c.null_share > 0.5 ? "high" : c.null_share > 0.2 ? "medium" : "low";
      alert({
        severity,
        category: "missing",
        field,
        message: `${field} is ${pct(c.null_share)} missing`,
        metric: "null_share",
        value: c.null_share,
        threshold: p.missing_threshold,
      });
      issue({
        type: "missing_values",
        severity,
        field,
        count: c.nulls,
        description: `${c.nulls} of ${c.count} values are missing or written as a null token (NA, null, …)`,
      });
      recommend({
        priority: c.null_share > 0.5 ? "high" : "medium",
        action:
          c.null_share > 0.5
            ? "Drop the column or source the missing values"
            : "Impute the missing values (median for numbers, mode for categories)",
        field,
        rationale: `${pct(c.null_share)} of the values are missing`,
      });
    }
    if (c.text_nulls - c.empty_strings > 0) {
      issue({
        type: "null_markers",
        severity: "low",
        field,
        count: c.text_nulls - c.empty_strings,
        description: "Nulls written as text such as NA, null or -",
      });
    }
    if (numeric && nonNull > 0 && c.zeros / nonNull > p.zeros_threshold) {
      alert({
        severity: "info",
        category: "zeros",
        field,
        message: `${field} is ${pct(c.zeros / nonNull)} zeros`,
        metric: "zeros_share",
        value: c.zeros / nonNull,
        threshold: p.zeros_threshold,
      });
    }
    if (numeric && nonNull > 0 && c.infinite / nonNull > p.infinite_threshold) {
      alert({
        severity: "medium",
        category: "infinite",
        field,
        message: `${field} has ${c.infinite} infinite values`,
        metric: "infinite_share",
        value: c.infinite / nonNull,
        threshold: p.infinite_threshold,
      });
      issue({
        type: "infinite_values",
        severity: "medium",
        field,
        count: c.infinite,
        description: "Infinite values distort means and sums",
      });
    }
    if (c.inferred_type === "string" && c.distinct > p.high_cardinality_threshold && c.unique_ratio < 1) {
      alert({
        severity: "info",
        category: "high_cardinality",
        field,
        message: `${field} has ${c.distinct} distinct values`,
        metric: "distinct",
        value: c.distinct,
        threshold: p.high_cardinality_threshold,
      });
    }
    if (c.skewness !== null && Math.abs(c.skewness) > p.skewness_threshold) {
      alert({
        severity: "low",
        category: "skewed",
        field,
        message: `${field} is highly skewed (${c.skewness.toFixed(2)})`,
        metric: "skewness",
        value: c.skewness,
        threshold: p.skewness_threshold,
      });
      recommend({
        priority: "low",
        action: "Apply a log or Box-Cox transform before modelling",
        field,
        rationale: `skewness ${c.skewness.toFixed(2)}`,
      });
    }
    if (nonNull > 0 && c.distinct === 1) {
      alert({ severity: "medium", category: "constant", field, message: `${field} holds a single value`, metric: "distinct", value: 1 });
      recommend({
        priority: "medium",
        action: "Drop the constant column",
        field,
        rationale: "A column with one value carries no information",
      });
    }
    if (c.count > 1 && c.nulls === 0 && c.distinct === c.count) {
      const how = c.distinct_exact ? "" : " (estimated: the distinct count is a HyperLogLog sketch)";
      alert({
        severity: "info",
        category: "unique",
        field,
        message: `${field} has all-unique values${how}`,
        metric: "unique_ratio",
        value: 1,
      });
    }
    if (c.locale) {
      alert({ severity: "info", category: "locale", field, message: `${field}: ${c.locale.assumption}` });
    }
    if (c.mixed_type_count > 0) {
      alert({
        severity: "medium",
        category: "mixed_types",
        field,
        message: `${field} mixes types: mostly ${c.dominant_type}, ${c.mixed_type_count} values are not ${c.dominant_type}`,
        metric: "mixed_type_count",
        value: c.mixed_type_count,
      });
      issue({
        type: "mixed_types",
        severity: "medium",
        field,
        count: c.mixed_type_count,
        description: `Values of another type than the column's usual ${c.dominant_type}`,
      });
      recommend({
        priority: "medium",
        action: "Run the type-fixer to convert or null the stray values",
        field,
        rationale: `${c.mixed_type_count} values do not parse as ${c.dominant_type}`,
      });
      for (const example of c.mixed_examples) {
        rowIssues.push({
          row: example.row,
          field,
          issue_type: "mixed_type",
          value: example.value,
          message: `Not a ${c.dominant_type} value (most of the column is ${c.dominant_type})`,
          severity: "medium",
        });
      }
    }
    if (c.whitespace > 0) {
      alert({
        severity: "low",
        category: "whitespace",
        field,
        message: `${field} has ${c.whitespace} values with leading or trailing whitespace`,
        metric: "whitespace",
        value: c.whitespace,
      });
      issue({ type: "whitespace", severity: "low", field, count: c.whitespace, description: "Leading or trailing whitespace" });
      recommend({ priority: "low", action: "Trim whitespace", field, rationale: `${c.whitespace} padded values break joins and grouping` });
    }
  }
  for (const r of dataset.correlations) {
    if (Math.abs(r.pearson) > p.correlation_threshold) {
      alert({
        severity: "medium",
        category: "correlation",
        field: `${r.column_a}, ${r.column_b}`,
        message: `${r.column_a} and ${r.column_b} are highly correlated (r = ${r.pearson.toFixed(3)})`,
        metric: "pearson",
        value: r.pearson,
        threshold: p.correlation_threshold,
      });
    }
  }
  if (dataset.duplicate_rows > 0) {
    const share = dataset.duplicate_rows / dataset.rows;
    const severity: Severity = share > 0.05 ? "high" : "medium";
    alert({
      severity,
      category: "duplicates",
      message: `${dataset.duplicate_rows} duplicate rows (${pct(share)})`,
      metric: "duplicate_rows",
      value: dataset.duplicate_rows,
      threshold: 0,
    });
    issue({ type: "duplicate_rows", severity, count: dataset.duplicate_rows, description: "Rows identical to an earlier row" });
    recommend({
      priority: severity === "high" ? "high" : "medium",
      action: "Remove exact duplicate rows (duplicate-resolver)",
      rationale: `${dataset.duplicate_rows} repeated rows inflate counts`,
    });
  }

  const cells = dataset.rows * dataset.columns;
  const nulls = columns.reduce((s, c) => s + c.nulls, 0);
  const completeness = cells > 0 ? 1 - nulls / cells : 1;
  const executive_summary: SummaryItem[] = [
    { title: "Rows", value: dataset.rows, status: "good", description: `${dataset.columns} columns profiled` },
    {
      title: "Completeness",
      value: pct(completeness),
      status: completeness >= 0.95 ? "good" : completeness >= 0.8 ? "warning" : "critical",
      description: `${nulls} of ${cells} cells are missing`,
    },
    {
      title: "Duplicate rows",
      value: dataset.duplicate_rows,
      status: dataset.duplicate_rows === 0 ? "good" : dataset.duplicate_rows / Math.max(1, dataset.rows) > 0.05 ? "critical" : "warning",
      description: dataset.duplicate_rows_exact ? "Exact count" : "Estimated (HyperLogLog) beyond one million rows",
    },
    {
      title: "Alerts",
      value: alerts.length,
      status: alerts.some((a) => a.severity === "high" || a.severity === "critical") ? "critical" : alerts.length > 0 ? "warning" : "good",
      description: "Profiling alerts raised with ydata-profiling thresholds",
    },
  ];
  return { alerts, issues, recommendations, executive_summary, row_level_issues: rowIssues.sort((a, b) => a.row - b.row) };
}
