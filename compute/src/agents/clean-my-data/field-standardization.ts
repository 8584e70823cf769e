/**
 * field-standardization: whitespace, user mappings, phones to E.164, emails lower-case,
 * countries to ISO 3166 alpha-2, dates to ISO 8601 and case per column; then, for categorical
 * text columns, variants with the same OpenRefine fingerprint ("new york", "New York ",
 * "NEW-YORK") are rewritten to the column's most frequent spelling. Pass one counts the
 * spellings, pass two rewrites.
 */
import type * as report from "@agensium/shared";
import type { Alert, CleanMyDataParameters, RecipeOperation } from "@agensium/shared";
import { type Agent, EngineError, scanBatches } from "../../engine/types.js";
import { cellText, isNullCell } from "../../stats/utf8-column.js";
import { ByteMemo } from "./byte-memo.js";
import { isAsciiBytes } from "./distinct-memo.js";
import { operation, RowIssueLog } from "./findings.js";
import { fingerprint } from "./fuzzy-keys.js";
import { isIdentifierHeader } from "./identifier-columns.js";
import { NullMarkers } from "./null-markers.js";
import { rewriteRows } from "./rewrite-rows.js";
import { columnsOf } from "./row-batch.js";
import { type CellResult, type ColumnPlan, planColumns, type StepName, standardizeCell } from "./standardize-cell.js";
import { columnOfCountryCodes, columnOfIsoDates, columnPassesUnchanged, passesUnchanged } from "./unchanged-text.js";
import { parseLooseNumber } from "./value-conversions.js";

/** The rewrite of one distinct text: its standardised (and clustered) value and the steps that changed it. */
interface CellDecision {
  value: string;
  /** value is the cell's own text. */
  unchanged: boolean;
  steps: (StepName | "cluster")[];
  failed: CellResult["failed"];
}
type Params = CleanMyDataParameters["field-standardization"];

/** A text column with more distinct spellings than this is not categorical. */
const CATEGORY_LIMIT = 10_000;
/** Nearly all-distinct columns (identifiers, free text) are never clustered. */
const IDENTIFIER_SHARE = 0.9;
const STEPS: StepName[] = ["whitespace", "mapping", "phone", "email", "country", "date", "case"];

export type StandardizedColumn = report.StandardizedColumn;

export type StandardizationData = report.StandardizationData;

/** Spellings of one column by count, in first-seen order; null once the column is not categorical. */
type Spellings = Map<string, number> | null;

function clusterMap(spellings: Map<string, number>): Map<string, string> {
  const groups = new Map<string, [string, number][]>();
  for (const [value, count] of spellings) {
    // Fingerprints drop punctuation, so "1.5" and "15" would meet: numbers are never variants of each other.
    if (parseLooseNumber(value) !== null) continue;
    const key = fingerprint(value);
    if (key === "") continue;
    const group = groups.get(key);
    if (group) group.push([value, count]);
    else groups.set(key, [[value, count]]);
  }
  const map = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // Most frequent spelling wins; a tie goes to the one seen first.
    const winner = group.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
    for (const [value] of group) if (value !== winner) map.set(value, winner);
  }
  return map;
}

export const fieldStandardization: Agent<Params, StandardizationData> = {
  id: "field-standardization",
  async run(ctx) {
    const { primary, parameters: p } = ctx;
    const columns = primary.columns;
    const named = [
      ...Object.keys(p.case),
      ...Object.keys(p.mappings),
      ...(p.phone_columns ?? []),
      ...(p.email_columns ?? []),
      ...(p.country_columns ?? []),
      ...(p.date_columns ?? []),
    ];
    for (const name of named) {
      if (!columns.includes(name)) throw new EngineError("PARAMETERS_INVALID", `field-standardization: the file has no column "${name}"`);
    }
    const plans: ColumnPlan[] = planColumns(columns, p);

    // Pass 1: the spellings of each text column after the per-cell steps.
    const counted = plans.map((plan, c) => p.cluster_categorical && plan.format === "text" && !isIdentifierHeader(columns[c]));
    const valued = columns.map(() => 0);
    const markers = new NullMarkers(p.null_markers);
    /** A null marker stays as written unless the user's mapping names it. */
    const leftAlone = (raw: string, c: number) => markers.isNull(raw) && !Object.hasOwn(plans[c].mapping ?? {}, raw.trim());
    // Per column, its spellings in first-seen order with their counts; a column's cells repeat, so
    // each distinct cell (by its bytes) is decoded and standardised once and maps to its spelling's
    // index (-1 for a marker left alone).
    const spellingIndex = columns.map(() => new Map<string, number>());
    const spellingTexts: string[][] = columns.map(() => []);
    const spellingCounts: number[][] = columns.map(() => []);
    const spellingOf = columns.map((_, c) => (raw: string): number => {
      if (leftAlone(raw, c)) return -1;
      const value = standardizeCell(raw, plans[c], p).value;
      let index = spellingIndex[c].get(value);
      if (index === undefined) {
        index = spellingTexts[c].length;
        spellingIndex[c].set(value, index);
        spellingTexts[c].push(value);
        spellingCounts[c].push(0);
      }
      return index;
    });
    const spellingMemos = columns.map(() => new ByteMemo<number>());
    let rowsIn = 0;
    if (counted.some(Boolean)) {
      for await (const { batch } of scanBatches(primary, ctx.signal)) {
        const cells = columnsOf(batch, columns.length);
        for (let c = 0; c < columns.length; c++) {
          if (!counted[c]) continue;
          const { values, offsets } = cells[c];
          const counts = spellingCounts[c];
          const memo = spellingMemos[c];
          for (let i = 0; i < batch.numRows; i++) {
            if (isNullCell(cells[c], i)) continue;
            const index = memo.get(values, offsets[i], offsets[i + 1], spellingOf[c]);
            if (index < 0) continue;
            valued[c]++;
            counts[index]++;
            // Counts only grow: once past the limit the column is not categorical, whatever follows.
            if (counts.length > CATEGORY_LIMIT) break;
          }
          if (counts.length > CATEGORY_LIMIT) counted[c] = false;
        }
        rowsIn += batch.numRows;
        ctx.progress(Math.floor(rowsIn / 2), "scanning");
      }
    }
    const spellings: Spellings[] = columns.map((_, c) =>
      counted[c] ? new Map(spellingTexts[c].map((text, k) => [text, spellingCounts[c][k]])) : null,
    );
    const clusters = spellings.map((counts, c) => {
      if (!counts || (valued[c] >= 20 && counts.size > IDENTIFIER_SHARE * valued[c])) return new Map<string, string>();
      return clusterMap(counts);
    });

    // Pass 2: rewrite.
    const changed = columns.map(() => new Map<StepName | "cluster", number>());
    const failures = columns.map(() => 0);
    const log = new RowIssueLog();
    let cellsChanged = 0;
    /** What pass 2 does with one distinct text: null leaves it alone (a null marker no mapping names). */
    const decisions = columns.map(() => new ByteMemo<CellDecision | null>());
    const decide = columns.map((_, c) => (raw: string): CellDecision | null => {
      if (leftAlone(raw, c)) return null;
      const result = standardizeCell(raw, plans[c], p);
      const steps: (StepName | "cluster")[] = [...result.steps];
      const clustered = clusters[c].get(result.value);
      if (clustered !== undefined) steps.push("cluster");
      const value = clustered ?? result.value;
      return { value, unchanged: value === raw, steps, failed: result.failed };
    });
    // Columns where a clean ASCII cell is its own decision (see unchanged-text.ts).
    const plainColumns = plans.map(
      (plan, c) =>
        plan.mapping === null && plan.caseRule === "keep" && clusters[c].size === 0 && (plan.format === "text" || plan.format === "email"),
    );
    // Date and country columns whose cells are all in their standard form already (unchanged-text.ts).
    const formatColumns = plans.map((plan, c) =>
      plan.mapping === null && plan.caseRule === "keep" && clusters[c].size === 0 && (plan.format === "date" || plan.format === "country")
        ? plan.format
        : null,
    );
    const emailColumns = plans.map((plan) => plan.format === "email");
    const cleanWhitespace = plans.map((plan) => p.trim_whitespace || plan.format === "email");
    // Per batch, the plain columns whose every present cell passes unchanged, found by one scan of
    // the column's bytes rather than cell by cell: they pass into the output whole.
    const wholeColumnPasses = new Uint8Array(columns.length);
    const next = await rewriteRows({
      name: "field-standardization",
      source: primary,
      outColumns: columns,
      spillDir: ctx.spillDir,
      handoff: ctx.handoff,
      signal: ctx.signal,
      startBatch(cells, _rows, out) {
        for (let c = 0; c < columns.length; c++) {
          const format = formatColumns[c];
          const passes = plainColumns[c]
            ? columnPassesUnchanged(cells[c], emailColumns[c], cleanWhitespace[c])
            : format === "date"
              ? columnOfIsoDates(cells[c])
              : format === "country" && columnOfCountryCodes(cells[c]);
          wholeColumnPasses[c] = passes ? 1 : 0;
          if (wholeColumnPasses[c] === 1) out.pass(c, cells[c]);
        }
        // A row of a batch whose columns all pass has nothing to rewrite.
        return out.passesEveryColumn;
      },
      rewriteRow(cells, i, row, out) {
        out.begin(row, i);
        for (let c = 0; c < columns.length; c++) {
          if (wholeColumnPasses[c] === 1) continue;
          const column = cells[c];
          // A missing cell stays missing: copied, so an untouched column passes into the output whole.
          if (isNullCell(column, i)) {
            out.copy(c, column, i);
            continue;
          }
          if (plainColumns[c] && passesUnchanged(column, i, emailColumns[c], cleanWhitespace[c])) {
            out.copy(c, column, i);
            continue;
          }
          const start = column.offsets[i];
          const end = column.offsets[i + 1];
          const decision = decisions[c].get(column.values, start, end, decide[c]);
          // An unchanged cell leaves as its bytes when they are ASCII (their text is exactly those bytes).
          const ascii = decision === null || decision.unchanged ? isAsciiBytes(column.values, start, end) : false;
          if (decision === null) {
            if (ascii) out.copy(c, column, i);
            else out.set(c, cellText(column, i));
            continue;
          }
          const { value, unchanged, steps, failed } = decision;
          for (const s of steps) changed[c].set(s, (changed[c].get(s) ?? 0) + 1);
          if (!unchanged) cellsChanged++;
          if (failed) {
            const raw = cellText(column, i);
            failures[c]++;
            log.add({
              row,
              field: columns[c],
              issue_type: `${failed}_not_standardized`,
              value: raw,
              message: `${columns[c]} = "${raw.trim()}" is not a recognisable ${failed}; left as written`,
              severity: "low",
            });
          }
          if (!unchanged) out.set(c, value);
          else if (ascii) out.copy(c, column, i);
          else out.set(c, cellText(column, i));
        }
        out.end();
      },
      progress: (rowsDone) => ctx.progress(Math.floor(rowsIn / 2 + rowsDone / 2), "writing"),
    });

    const reports: StandardizedColumn[] = columns.map((field, c) => ({
      field,
      format: plans[c].format,
      changed: Object.fromEntries(changed[c]),
      not_standardized: failures[c],
      clusters: Object.fromEntries(clusters[c]),
    }));
    const operations: RecipeOperation[] = [];
    for (const [c, r] of reports.entries()) {
      for (const s of [...STEPS, "cluster" as const]) {
        const count = r.changed[s] ?? 0;
        if (count === 0) continue;
        const parameters: Record<string, unknown> =
          s === "phone"
            ? { format: "E.164", default_country: p.phone_default_country }
            : s === "country"
              ? { format: "ISO 3166-1 alpha-2" }
              : s === "date"
                ? { format: "ISO 8601", date_order: p.date_order }
                : s === "case"
                  ? { case: plans[c].caseRule }
                  : s === "mapping"
                    ? { mapping: plans[c].mapping }
                    : s === "cluster"
                      ? { method: "fingerprint", mapping: r.clusters }
                      : s === "whitespace"
                        ? { trim: true, collapse_inner: true }
                        : {};
        operations.push(
          operation("field-standardization", s === "cluster" ? "cluster_variants" : `standardize_${s}`, count, parameters, r.field),
        );
      }
    }
    const alerts: Alert[] = reports
      .filter((r) => r.not_standardized > 0)
      .map((r) => ({
        id: `std-failed-${r.field}`,
        severity: "low" as const,
        category: "consistency",
        field: r.field,
        message: `${r.not_standardized} values of ${r.field} are not recognisable as ${r.format}`,
        value: r.not_standardized,
      }));
    const clusteredColumns = reports.filter((r) => Object.keys(r.clusters).length > 0);
    return {
      alerts,
      issues: clusteredColumns.map((r) => ({
        id: `std-variants-${r.field}`,
        type: "inconsistent_spelling",
        severity: "low" as const,
        field: r.field,
        count: Object.keys(r.clusters).length,
        description: `${Object.keys(r.clusters).length} spelling variants rewritten to the most frequent form`,
      })),
      recommendations: alerts.map((a) => ({
        id: `rec-${a.id}`,
        priority: "low" as const,
        action: `Correct the unrecognised values of ${a.field} at the source`,
        field: a.field,
        rationale: a.message,
      })),
      row_level_issues: log.kept,
      executive_summary: [
        { title: "Cells standardised", value: cellsChanged, status: "good", description: "Cells rewritten in a standard form" },
        {
          title: "Values not recognised",
          value: log.total,
          status: log.total === 0 ? "good" : "warning",
          description: "Phones, emails, countries or dates left as written",
        },
      ],
      data: {
        rows_in: next.rowCount,
        rows_out: next.rowCount,
        columns_out: columns,
        columns: reports,
        cells_changed: cellsChanged,
        operations,
      },
      nextPrimary: next,
    };
  },
};
