/**
 * The checks of one contract column as small predicates over a cell's text. A missing value
 * (null, empty or spaces) only fails not_null; every other check looks at present values.
 */
import type { dataContract } from "@agensium/shared";
import type { z } from "zod";
import { EngineError } from "../../engine/types.js";
import { classifyText } from "../../stats/value-parse.js";

export type DataContract = z.output<typeof dataContract>;
export type ContractColumn = DataContract["columns"][number];
export type CheckName = "not_null" | "type" | "max_length" | "allowed_values" | "pattern" | "range" | "unique";

export interface ValueCheck {
  check: CheckName;
  /** What the check requires, for messages. */
  rule: string;
  /** true when the present value passes. */
  passes(value: string): boolean;
}

const TYPE_KINDS: Record<NonNullable<ContractColumn["type"]>, string[]> = {
  integer: ["integer"],
  float: ["integer", "float"],
  boolean: ["boolean"],
  date: ["date"],
  datetime: ["date", "datetime"],
  string: ["integer", "float", "boolean", "date", "datetime", "string"],
};

function numberOf(value: string): number {
  const parsed = classifyText(value.trim());
  return parsed.kind === "integer" || parsed.kind === "float" ? parsed.value : Number.NaN;
}

/** The value checks of a column (not_null and unique are handled by the caller: they need state). */
export function valueChecks(column: ContractColumn): ValueCheck[] {
  const checks: ValueCheck[] = [];
  if (column.type && column.type !== "string") {
    const kinds = TYPE_KINDS[column.type];
    const boolean = column.type === "boolean";
    checks.push({
      check: "type",
      rule: `type ${column.type}`,
      passes: (v) => kinds.includes(classifyText(v.trim()).kind) || (boolean && (v.trim() === "0" || v.trim() === "1")),
    });
  }
  if (column.max_length !== undefined) {
    const max = column.max_length;
    checks.push({ check: "max_length", rule: `at most ${max} characters`, passes: (v) => [...v].length <= max });
  }
  if (column.allowed_values) {
    const texts = new Set(column.allowed_values.map(String));
    const numbers = new Set(column.allowed_values.filter((x): x is number => typeof x === "number"));
    checks.push({
      check: "allowed_values",
      rule: `one of ${column.allowed_values.slice(0, 10).join(", ")}${column.allowed_values.length > 10 ? ", …" : ""}`,
      passes: (v) => texts.has(v) || texts.has(v.trim()) || (numbers.size > 0 && numbers.has(numberOf(v))),
    });
  }
  if (column.pattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(column.pattern);
    } catch {
      throw new EngineError("PARAMETERS_INVALID", `The contract pattern of "${column.name}" is not a valid regular expression`);
    }
    checks.push({ check: "pattern", rule: `matches ${column.pattern}`, passes: (v) => re.test(v) });
  }
  if (column.min !== undefined || column.max !== undefined) {
    const min = column.min ?? Number.NEGATIVE_INFINITY;
    const max = column.max ?? Number.POSITIVE_INFINITY;
    checks.push({
      check: "range",
      rule: `a number in [${column.min ?? "-∞"}, ${column.max ?? "∞"}]`,
      passes: (v) => {
        const x = numberOf(v);
        return !Number.isNaN(x) && x >= min && x <= max;
      },
    });
  }
  return checks;
}

export type Verdict = "pass" | "warn" | "fail";

/** pass at or above the warn threshold, warn down to the fail threshold, fail below it. */
export function verdict(passShare: number, warnThreshold: number, failThreshold: number): Verdict {
  if (passShare >= warnThreshold) return "pass";
  if (passShare >= failThreshold) return "warn";
  return "fail";
}
