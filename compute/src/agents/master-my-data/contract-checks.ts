/**
 * The checks of one contract column as small predicates over a cell's text. A missing value
 * (null, empty or spaces) only fails not_null; every other check looks at present values.
 */
import type { dataContract } from "@agensium/shared";
import type { z } from "zod";
import { EngineError } from "../../engine/types.js";
import { cellText, type Utf8Cells } from "../../stats/utf8-column.js";
import { CellKind, classifyCell, classifyText, KIND_NAMES, newParsedCell } from "../../stats/value-parse.js";

export type DataContract = z.output<typeof dataContract>;
export type ContractColumn = DataContract["columns"][number];
export type CheckName = "not_null" | "type" | "max_length" | "allowed_values" | "pattern" | "range" | "unique";

export interface ValueCheck {
  check: CheckName;
  /** What the check requires, for messages. */
  rule: string;
  /** true when the present value passes. */
  passes(value: string): boolean;
  /** passes() read from the cell's bytes, for the checks that need no string: the same answer, without decoding. */
  passesCell?(cells: Utf8Cells, i: number): boolean;
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

/** classifyText's reading (no locale), reused: classifyCell sets every field it reports on each call. */
const parsed = newParsedCell();

function isTrimmedSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/**
 * classifyText(cellText(cells, i).trim()).kind on the bytes of an ASCII cell (its bytes are its
 * text, and trim removes only ASCII spaces from it); -1 for a blank or non-ASCII cell, which only
 * the text can answer (Unicode spaces, replaced invalid bytes). The value read is left in `parsed`.
 */
function trimmedCellKind(cells: Utf8Cells, i: number): number {
  const v = cells.values;
  let s = cells.offsets[i];
  let e = cells.offsets[i + 1];
  for (let k = s; k < e; k++) if (v[k] >= 0x80) return -1;
  while (s < e && isTrimmedSpace(v[s])) s++;
  while (e > s && isTrimmedSpace(v[e - 1])) e--;
  if (s === e) return -1;
  return classifyCell(v, s, e, parsed);
}

/** Whether the trimmed cell is exactly one byte, "0" or "1" (a boolean written as a digit). */
function isZeroOrOne(cells: Utf8Cells, i: number): boolean {
  const v = cells.values;
  let s = cells.offsets[i];
  let e = cells.offsets[i + 1];
  while (s < e && isTrimmedSpace(v[s])) s++;
  while (e > s && isTrimmedSpace(v[e - 1])) e--;
  return e - s === 1 && (v[s] === 0x30 || v[s] === 0x31);
}

/** The value checks of a column (not_null and unique are handled by the caller: they need state). */
export function valueChecks(column: ContractColumn): ValueCheck[] {
  const checks: ValueCheck[] = [];
  if (column.type && column.type !== "string") {
    const kinds = TYPE_KINDS[column.type];
    const boolean = column.type === "boolean";
    const passes = (v: string) => kinds.includes(classifyText(v.trim()).kind) || (boolean && (v.trim() === "0" || v.trim() === "1"));
    // Whether each CellKind is one of the type's kinds, so a cell needs no kind name.
    const allowed = KIND_NAMES.map((name) => kinds.includes(name));
    checks.push({
      check: "type",
      rule: `type ${column.type}`,
      passes,
      passesCell: (cells, i) => {
        const kind = trimmedCellKind(cells, i);
        if (kind < 0) return passes(cellText(cells, i));
        return allowed[kind] || (boolean && isZeroOrOne(cells, i));
      },
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
    const inRange = (x: number) => !Number.isNaN(x) && x >= min && x <= max;
    checks.push({
      check: "range",
      rule: `a number in [${column.min ?? "-∞"}, ${column.max ?? "∞"}]`,
      passes: (v) => inRange(numberOf(v)),
      passesCell: (cells, i) => {
        const kind = trimmedCellKind(cells, i);
        if (kind < 0) return inRange(numberOf(cellText(cells, i)));
        return inRange(kind === CellKind.Integer || kind === CellKind.Float ? parsed.value : Number.NaN);
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
