/**
 * test-coverage-agent: suggests data-quality checks the way Deequ does, evaluates them, reports
 * coverage (columns with at least one meaningful passing check) and emits the passing checks as
 * a data contract that contract-enforcer accepts.
 */
import type * as report from "@agensium/shared";
import {
  type Alert,
  dataContract,
  type Issue,
  type ProfileMyDataParameters,
  profileMyDataParameters,
  type Recommendation,
  type SummaryItem,
} from "@agensium/shared";
import type { z } from "zod";
import type { Agent } from "../engine/types.js";
import { type Check, suggestChecks } from "./test-coverage-agent/suggest-checks.js";
import type { ColumnProfile } from "./unified-profiler/column-profile.js";
import { profileFrom } from "./unified-profiler.js";

type Params = ProfileMyDataParameters["test-coverage-agent"];
export type DataContract = z.output<typeof dataContract>;

export type TestCoverageData = report.TestCoverageData;

function contractColumn(c: ColumnProfile, checks: Check[]): DataContract["columns"][number] {
  const passed = (name: Check["check"]) => checks.find((k) => k.check === name && k.status === "passed");
  const column: DataContract["columns"][number] = { name: c.name, required: true, type: c.inferred_type };
  if (passed("is_complete")) column.not_null = true;
  if (passed("is_unique")) column.unique = true;
  const contained = passed("is_contained_in");
  if (contained) column.allowed_values = contained.argument as string[];
  const pattern = passed("matches_pattern");
  if (pattern) column.pattern = pattern.argument as string;
  if (passed("is_non_negative")) column.min = 0;
  if (c.inferred_type === "string" && c.length && c.length.max > 0 && !c.values_masked) column.max_length = c.length.max;
  return column;
}

export const testCoverageAgent: Agent<Params, TestCoverageData> = {
  id: "test-coverage-agent",
  async run(ctx) {
    const profile = await profileFrom(ctx, profileMyDataParameters.parse({})["unified-profiler"]);
    const perColumn = profile.columns.map((c) => ({ column: c, checks: suggestChecks(c, ctx.parameters) }));
    const checks = perColumn.flatMap((x) => x.checks);
    const covered = perColumn.filter((x) => x.checks.some((k) => k.meaningful && k.status === "passed")).map((x) => x.column.name);
    const uncovered = perColumn.map((x) => x.column.name).filter((n) => !covered.includes(n));
    const coverage = profile.columns.length ? Math.round((covered.length / profile.columns.length) * 1000) / 10 : 0;
    // Parsing proves the contract is one contract-enforcer accepts.
    const contract = dataContract.parse({ columns: perColumn.map((x) => contractColumn(x.column, x.checks)), allow_extra_columns: true });

    const failed = checks.filter((k) => k.status === "failed");
    const alerts: Alert[] = failed.map((k, i) => ({
      id: `coverage-${i + 1}`,
      severity: k.check === "has_type" || k.check === "is_unique" ? "medium" : "low",
      category: "check_failed",
      field: k.column,
      message: `${k.check} fails on ${k.column}: ${k.description}`,
      metric: k.check,
      value: k.observed,
    }));
    const issues: Issue[] = failed.map((k, i) => ({
      id: `coverage-issue-${i + 1}`,
      type: `failed_${k.check}`,
      severity: "low",
      field: k.column,
      count: 1,
      description: k.description,
    }));
    const recommendations: Recommendation[] = uncovered.map((name, i) => ({
      id: `coverage-rec-${i + 1}`,
      priority: "medium",
      action: "Add a business rule check (range, allowed values or pattern) for this column",
      field: name,
      rationale: "No meaningful check passes on this column yet",
    }));
    const passed = checks.filter((k) => k.status === "passed").length;
    const summary: SummaryItem[] = [
      {
        title: "Test coverage",
        value: `${coverage} %`,
        status: coverage >= 80 ? "good" : coverage >= 50 ? "warning" : "critical",
        description: `${covered.length} of ${profile.columns.length} columns have a passing check`,
      },
      {
        title: "Checks",
        value: `${passed} / ${checks.length}`,
        status: failed.length ? "warning" : "good",
        description: "Suggested checks passing on this data",
      },
    ];
    return {
      alerts,
      issues,
      recommendations,
      row_level_issues: [],
      executive_summary: summary,
      data: { coverage_percent: coverage, covered_columns: covered, uncovered_columns: uncovered, checks, contract },
      files: [
        {
          fileName: "data_contract.json",
          kind: "other",
          contentType: "application/json",
          async *chunks() {
            yield new TextEncoder().encode(JSON.stringify(contract, null, 2));
          },
        },
      ],
    };
  },
};
