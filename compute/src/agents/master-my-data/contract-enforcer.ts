/**
 * contract-enforcer: validates every row against a data contract — from the parameters (the
 * shape test-coverage-agent emits) or, when none is given, inferred from the file (contract-inference.ts) —
 * checking required columns, extra columns, type, max length, not-null, unique, allowed values,
 * regex and range. Each check and the whole file pass, warn or fail by the share of rows that
 * pass against warn_threshold and fail_threshold. Violations are row-level issues.
 */
import type * as report from "@agensium/shared";
import type { Alert, Issue, MasterMyDataParameters, RowLevelIssue, SummaryItem } from "@agensium/shared";
import type { Agent } from "../../engine/types.js";
import { HashCountTable } from "../../stats/hash-table.js";
import { valueChecks, verdict } from "./contract-checks.js";
import { inferContract } from "./contract-inference.js";
import { cellHash, cellValue, isBlankCell, rowBatches } from "./rows.js";

type Params = MasterMyDataParameters["contract-enforcer"];

export type CheckResult = report.ContractCheckResult;

export type ContractEnforcerData = report.ContractEnforcerData;

/** Row-level issues kept in memory; the counts above stay exact past it. */
const ROW_ISSUE_LIMIT = 100_000;

export const contractEnforcer: Agent<Params, ContractEnforcerData> = {
  id: "contract-enforcer",
  async run(ctx) {
    const p = ctx.parameters;
    const dataset = ctx.primary;
    const contract = p.contract ?? (await inferContract(dataset, ctx.signal, ctx.progress));
    const present = contract.columns.filter((c) => dataset.columns.includes(c.name));
    const missing = contract.columns.filter((c) => c.required && !dataset.columns.includes(c.name)).map((c) => c.name);
    const declared = new Set(contract.columns.map((c) => c.name));
    const extra = contract.allow_extra_columns ? [] : dataset.columns.filter((c) => !declared.has(c));
    const schemaBroken = missing.length > 0 || extra.length > 0;

    const plans = present.map((column) => ({
      column,
      index: dataset.columns.indexOf(column.name),
      checks: valueChecks(column),
      seen: column.unique ? new HashCountTable(1024) : null,
    }));
    // Violations per check, in the order: not_null, value checks…, unique.
    const counts = plans.map((pl) => new Float64Array(pl.checks.length + 2));
    const rowIssues: RowLevelIssue[] = [];
    let issuesTotal = 0;
    let rows = 0;
    let rowsPassing = 0;
    const report = (issue: RowLevelIssue) => {
      issuesTotal++;
      if (rowIssues.length < ROW_ISSUE_LIMIT) rowIssues.push(issue);
    };
    for await (const batch of rowBatches(dataset, ctx.signal)) {
      // Blanks, repeats, types and ranges are read from the bytes; a column is decoded only for a
      // check that needs the text (length, allowed values, pattern) and for the values reported.
      for (let i = 0; i < batch.rows; i++) {
        const row = batch.firstRow + i;
        let ok = true;
        for (let k = 0; k < plans.length; k++) {
          const pl = plans[k];
          const cells = batch.cells[pl.index];
          const name = pl.column.name;
          if (isBlankCell(cells, i)) {
            if (pl.column.not_null) {
              counts[k][0]++;
              ok = false;
              report({
                row,
                field: name,
                issue_type: "contract_not_null",
                value: cellValue(cells, i),
                message: `${name} is required to have a value`,
                severity: "high",
              });
            }
            continue;
          }
          for (let c = 0; c < pl.checks.length; c++) {
            const check = pl.checks[c];
            if (check.passesCell ? check.passesCell(cells, i) : check.passes(batch.column(pl.index)[i] as string)) continue;
            counts[k][c + 1]++;
            ok = false;
            report({
              row,
              field: name,
              issue_type: `contract_${check.check}`,
              value: batch.column(pl.index)[i],
              message: `${name} must be ${check.rule}`,
              severity: "medium",
            });
          }
          if (pl.seen && pl.seen.increment(cellHash(cells, i)) > 0) {
            counts[k][pl.checks.length + 1]++;
            ok = false;
            report({
              row,
              field: name,
              issue_type: "contract_unique",
              value: cellValue(cells, i),
              message: `${name} repeats a value of an earlier row`,
              severity: "medium",
            });
          }
        }
        if (ok) rowsPassing++;
      }
      rows += batch.rows;
      ctx.progress(rows, "checking");
    }

    const shareOf = (violations: number) => (rows > 0 ? 1 - violations / rows : 1);
    const result = (column: string, check: CheckResult["check"], rule: string, violations: number): CheckResult => {
      const passShare = shareOf(violations);
      return {
        column,
        check,
        rule,
        violations,
        pass_share: round(passShare),
        status: verdict(passShare, p.warn_threshold, p.fail_threshold),
      };
    };
    const checks: CheckResult[] = [
      ...missing.map((name) => result(name, "required_column", "column present in the file", rows)),
      ...extra.map((name) => result(name, "extra_column", "no columns beyond the contract", rows)),
    ];
    plans.forEach((pl, k) => {
      if (pl.column.not_null) checks.push(result(pl.column.name, "not_null", "has a value", counts[k][0]));
      for (const [c, check] of pl.checks.entries()) checks.push(result(pl.column.name, check.check, check.rule, counts[k][c + 1]));
      if (pl.seen) checks.push(result(pl.column.name, "unique", "no repeated values", counts[k][pl.checks.length + 1]));
    });
    if (schemaBroken) rowsPassing = 0;
    const passShare = shareOf(rows - rowsPassing);
    const status = verdict(passShare, p.warn_threshold, p.fail_threshold);

    const failing = checks.filter((c) => c.status !== "pass");
    const alerts: Alert[] = failing.map((c, i) => ({
      id: `contract-${i + 1}`,
      severity: c.status === "fail" ? "high" : "medium",
      category: "contract",
      field: c.column,
      message: `${c.column}: ${c.check} (${c.rule}) passes on ${Math.round(c.pass_share * 1000) / 10} % of rows`,
      metric: "pass_share",
      value: c.pass_share,
      threshold: c.status === "fail" ? p.fail_threshold : p.warn_threshold,
    }));
    const issues: Issue[] = checks
      .filter((c) => c.violations > 0)
      .map((c, i) => ({
        id: `contract-issue-${i + 1}`,
        type: `contract_${c.check}`,
        severity: c.status === "fail" ? "high" : c.status === "warn" ? "medium" : "low",
        field: c.column,
        count: c.violations,
        description: `${c.violations} row(s) break "${c.rule}"`,
      }));
    const summary: SummaryItem[] = [
      {
        title: "Contract",
        value: status,
        status: status === "pass" ? "good" : status === "warn" ? "warning" : "critical",
        description: `${rowsPassing} of ${rows} rows pass every check (${Math.round(passShare * 1000) / 10} %)`,
      },
    ];
    return {
      alerts,
      issues,
      recommendations: failing.map((c, i) => ({
        id: `contract-rec-${i + 1}`,
        priority: c.status === "fail" ? "high" : "medium",
        action:
          c.check === "required_column"
            ? `Add the column ${c.column}`
            : `Fix the rows breaking ${c.check} on ${c.column}, or relax the contract`,
        field: c.column,
        rationale: `${c.violations} violation(s); the contract needs ${p.warn_threshold * 100} % of rows to pass`,
      })),
      row_level_issues: rowIssues,
      executive_summary: summary,
      data: {
        contract_source: p.contract ? "parameters" : "inferred",
        contract,
        rows,
        rows_passing: rowsPassing,
        pass_share: round(passShare),
        status,
        checks,
        missing_columns: missing,
        extra_columns: extra,
        row_issues_total: issuesTotal,
      },
    };
  },
};

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
