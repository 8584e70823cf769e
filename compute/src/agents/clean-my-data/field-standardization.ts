/**
 * field-standardization: whitespace, user mappings, phones to E.164, emails lower-case,
 * countries to ISO 3166 alpha-2, dates to ISO 8601 and case per column; then, for categorical
 * text columns, variants with the same OpenRefine fingerprint ("new york", "New York ",
 * "NEW-YORK") are rewritten to the column's most frequent spelling. Pass one counts the
 * spellings, pass two rewrites.
 */
import type * as report from "@agensium/shared";
import type { Alert, CleanMyDataParameters, RecipeOperation } from "@agensium/shared";
import { type Agent, EngineError } from "../../engine/types.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { DistinctMemo, isAsciiBytes, isAsciiSpace } from "./distinct-memo.js";
import { operation, RowIssueLog } from "./findings.js";
import { fingerprint } from "./fuzzy-keys.js";
import { isIdentifierHeader } from "./identifier-columns.js";
import { NullMarkers } from "./null-markers.js";
import { rewriteRows } from "./rewrite-rows.js";
import { cellValue, columnsOf } from "./row-batch.js";
import { type CellResult, type ColumnPlan, planColumns, type StepName, standardizeCell } from "./standardize-cell.js";
import { parseLooseNumber } from "./value-conversions.js";

/** The rewrite of one distinct text: its standardised (and clustered) value and the steps that changed it. */
interface CellDecision {
  value: string;
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

/**
 * Whether standardizeCell leaves cell i as written, decided from its bytes, for a text or email
 * column with no mapping, case rule or clusters: an ASCII cell (so \s and toLowerCase act only on
 * ASCII) whose whitespace is already single inner spaces (checked for an email, which is trimmed,
 * even when whitespace is not standardised) and, for an email, with no capital letter.
 * Such a cell leaves as its bytes whether or not it is a null marker, so the decode, the memo
 * lookup and the decision are skipped on the columns of unique values that miss the memo.
 */
function passesUnchanged(cells: Utf8Cells, i: number, email: boolean, cleanWhitespace: boolean): boolean {
  if (isNullCell(cells, i)) return false;
  const values = cells.values;
  const start = cells.offsets[i];
  const end = cells.offsets[i + 1];
  let previousSpace = true;
  for (let k = start; k < end; k++) {
    const b = values[k];
    if (b >= 0x80 || (email && b >= 0x41 && b <= 0x5a)) return false;
    if (!cleanWhitespace) continue;
    const space = isAsciiSpace(b);
    if (space && (b !== 0x20 || previousSpace)) return false;
    previousSpace = space;
  }
  return !(cleanWhitespace && previousSpace && end > start);
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
    const spellings: Spellings[] = plans.map((plan, c) =>
      p.cluster_categorical && plan.format === "text" && !isIdentifierHeader(columns[c]) ? new Map() : null,
    );
    const valued = columns.map(() => 0);
    const markers = new NullMarkers(p.null_markers);
    /** A null marker stays as written unless the user's mapping names it. */
    const leftAlone = (raw: string, c: number) => markers.isNull(raw) && !Object.hasOwn(plans[c].mapping ?? {}, raw.trim());
    // A column's spellings repeat: each distinct text is standardised once per pass.
    const standardized = columns.map(() => new DistinctMemo<CellResult>());
    const standardize = plans.map((plan) => (raw: string) => standardizeCell(raw, plan, p));
    let rowsIn = 0;
    if (spellings.some((s) => s !== null)) {
      for await (const { batch } of primary.batches(ctx.signal)) {
        const cells = columnsOf(batch, columns.length);
        for (let c = 0; c < columns.length; c++) {
          const counts = spellings[c];
          if (!counts) continue;
          for (let i = 0; i < batch.numRows; i++) {
            const raw = cellValue(cells[c], i);
            if (raw === null || leftAlone(raw, c)) continue;
            const { value } = standardized[c].get(raw, standardize[c]);
            valued[c]++;
            counts.set(value, (counts.get(value) ?? 0) + 1);
            // Counts only grow: once past the limit the column is not categorical, whatever follows.
            if (counts.size > CATEGORY_LIMIT) break;
          }
          if (counts.size > CATEGORY_LIMIT) spellings[c] = null;
        }
        rowsIn += batch.numRows;
        ctx.progress(Math.floor(rowsIn / 2), "scanning");
      }
    }
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
    const decisions = columns.map(() => new DistinctMemo<CellDecision | null>());
    const decide = columns.map((_, c) => (raw: string): CellDecision | null => {
      if (leftAlone(raw, c)) return null;
      const result = standardizeCell(raw, plans[c], p);
      const steps: (StepName | "cluster")[] = [...result.steps];
      const clustered = clusters[c].get(result.value);
      if (clustered !== undefined) steps.push("cluster");
      return { value: clustered ?? result.value, steps, failed: result.failed };
    });
    // Columns where a clean ASCII cell is its own decision (see passesUnchanged).
    const plainColumns = plans.map(
      (plan, c) =>
        plan.mapping === null && plan.caseRule === "keep" && clusters[c].size === 0 && (plan.format === "text" || plan.format === "email"),
    );
    const next = await rewriteRows({
      name: "field-standardization",
      source: primary,
      outColumns: columns,
      spillDir: ctx.spillDir,
      signal: ctx.signal,
      rewriteRow(cells, i, row, out) {
        /** An unchanged cell leaves as its bytes when they are ASCII (their text is exactly those bytes). */
        const keep = (c: number, column: Utf8Cells, k: number, raw: string) => {
          if (isAsciiBytes(column.values, column.offsets[k], column.offsets[k + 1])) out.copy(c, column, k);
          else out.set(c, raw);
        };
        out.begin(row);
        for (let c = 0; c < columns.length; c++) {
          if (
            plainColumns[c] &&
            passesUnchanged(cells[c], i, plans[c].format === "email", p.trim_whitespace || plans[c].format === "email")
          ) {
            out.copy(c, cells[c], i);
            continue;
          }
          const raw = cellValue(cells[c], i);
          if (raw === null) {
            out.set(c, null);
            continue;
          }
          const decision = decisions[c].get(raw, decide[c]);
          if (decision === null) {
            keep(c, cells[c], i, raw);
            continue;
          }
          const { value, steps, failed } = decision;
          for (const s of steps) changed[c].set(s, (changed[c].get(s) ?? 0) + 1);
          if (value !== raw) cellsChanged++;
          if (failed) {
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
          if (value === raw) keep(c, cells[c], i, raw);
          else out.set(c, value);
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
