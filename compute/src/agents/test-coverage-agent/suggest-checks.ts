/**
 * Deequ's constraint suggestion rules applied to a column profile, each check then evaluated
 * against the same data: completeness, uniqueness, containment, non-negativity, type, pattern.
 */
import type * as report from "@agensium/shared";
import type { ProfileMyDataParameters } from "@agensium/shared";
import { patternToRegex } from "../../stats/shape-pattern.js";
import type { ColumnProfile } from "../unified-profiler/column-profile.js";

type Params = ProfileMyDataParameters["test-coverage-agent"];

export type CheckName =
  | "is_complete"
  | "has_completeness"
  | "is_unique"
  | "is_contained_in"
  | "is_non_negative"
  | "has_type"
  | "matches_pattern";

export type Check = report.CoverageCheck;

/** Lower bound of the 95 % Wald interval, rounded down to two decimals (Deequ). */
export function waldLowerBound(p: number, n: number): number {
  const bound = p - 1.96 * Math.sqrt((p * (1 - p)) / n);
  return Math.max(0, Math.floor(bound * 100) / 100);
}

const TYPE_SHARE_KEYS: Record<string, (keyof ColumnProfile["type_counts"])[]> = {
  integer: ["integer"],
  float: ["integer", "float"],
  boolean: ["boolean"],
  date: ["date"],
  datetime: ["date", "datetime"],
  string: ["integer", "float", "boolean", "date", "datetime", "string"],
};

export function suggestChecks(c: ColumnProfile, p: Params): Check[] {
  const checks: Check[] = [];
  const n = c.count;
  const nonNull = c.count - c.nulls;
  if (n === 0) return checks;
  const completeness = nonNull / n;
  const add = (check: Omit<Check, "column">) => checks.push({ column: c.name, ...check });

  if (c.nulls === 0) {
    add({ check: "is_complete", argument: null, observed: 1, status: "passed", meaningful: true, description: "No missing values" });
  } else if (completeness > p.completeness_min) {
    const bound = waldLowerBound(completeness, n);
    add({
      check: "has_completeness",
      argument: bound,
      observed: completeness,
      status: completeness >= bound ? "passed" : "failed",
      meaningful: true,
      description: `Completeness at least ${bound} (95 % Wald lower bound of the observed ${completeness.toFixed(4)})`,
    });
  }
  if (c.nulls === 0 && Math.abs(1 - c.distinct / n) <= p.unique_tolerance) {
    const status = !c.distinct_exact ? "not_verified" : c.distinct === n ? "passed" : "failed";
    add({
      check: "is_unique",
      argument: null,
      observed: c.distinct / n,
      status,
      meaningful: true,
      description: `${c.distinct} distinct values in ${n} rows`,
    });
  }
  if (
    c.categories &&
    c.categories.length > 1 &&
    c.singletons !== null &&
    c.singletons / c.categories.length <= p.contained_in_max_singletons &&
    c.inferred_type !== "float"
  ) {
    const allowed = c.categories.map((v) => v.value);
    const inSet = c.categories.reduce((s, v) => s + v.count, 0);
    add({
      check: "is_contained_in",
      argument: allowed,
      observed: nonNull > 0 ? inSet / nonNull : 1,
      status: inSet === nonNull ? "passed" : "failed",
      meaningful: true,
      description: `Values within the ${allowed.length} observed categories`,
    });
  }
  const numeric = c.inferred_type === "integer" || c.inferred_type === "float";
  if (numeric && typeof c.min === "number" && c.min >= 0) {
    add({
      check: "is_non_negative",
      argument: 0,
      observed: c.negatives,
      status: c.negatives === 0 ? "passed" : "failed",
      meaningful: true,
      description: "No negative values",
    });
  }
  const ofType = TYPE_SHARE_KEYS[c.inferred_type].reduce((s, k) => s + c.type_counts[k], 0);
  const valued = Object.values(c.type_counts).reduce((s, x) => s + x, 0);
  add({
    check: "has_type",
    argument: c.inferred_type,
    observed: valued > 0 ? ofType / valued : 1,
    status: ofType === valued ? "passed" : "failed",
    meaningful: c.inferred_type !== "string",
    description: `${ofType} of ${valued} values are ${c.inferred_type}`,
  });
  const top = c.patterns[0];
  if (c.inferred_type === "string" && top && !c.values_masked && nonNull > 0 && top.count / nonNull >= 0.9) {
    const regex = patternToRegex(top.pattern);
    if (regex) {
      add({
        check: "matches_pattern",
        argument: regex,
        observed: top.count / nonNull,
        status: top.count === nonNull ? "passed" : "failed",
        meaningful: true,
        description: `${top.count} of ${nonNull} values have the shape ${top.pattern}`,
      });
    }
  }
  return checks;
}
