/** The checks that send a row to quarantine, each returning the reason in words or null. */
import type { CleanMyDataParameters } from "@agensium/shared";
import { EngineError } from "../../engine/types.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { type InferredType, newParsedCell } from "../../stats/value-parse.js";
import { readableAs } from "./column-types.js";
import { canonicalIsoBytes, IsoBytes } from "./dates.js";
import { NullMarkers } from "./null-markers.js";
import { NOT_PLAIN_DECIMAL, PLAIN_INTEGRAL, plainDecimalCell, shortPlainDecimalCell } from "./plain-numbers.js";
import { looseBooleanBytes, parseLooseNumber } from "./value-conversions.js";

type QuarantineParams = CleanMyDataParameters["quarantine-agent"];
type Rule = QuarantineParams["rules"][number];

export type ReasonKind = "ragged_row" | "unparseable_value" | "all_null_row" | "rule_violation";

export interface RowReason {
  kind: ReasonKind;
  field?: string;
  value: string | null;
  message: string;
}

export interface CompiledRule {
  rule: Rule;
  column: number;
  pattern: RegExp | null;
  allowed: Set<string> | null;
}

export function compileRules(rules: Rule[], columns: string[]): CompiledRule[] {
  return rules.map((rule) => {
    const column = columns.indexOf(rule.field);
    if (column < 0) throw new EngineError("PARAMETERS_INVALID", `quarantine-agent.rules: the file has no column "${rule.field}"`);
    let pattern: RegExp | null = null;
    if (rule.pattern !== undefined) {
      try {
        pattern = new RegExp(`^(?:${rule.pattern})$`, "u");
      } catch {
        throw new EngineError("PARAMETERS_INVALID", `quarantine-agent.rules: "${rule.pattern}" is not a valid regular expression`);
      }
    }
    const allowed = rule.allowed_values ? new Set(rule.allowed_values.map(String)) : null;
    return { rule, column, pattern, allowed };
  });
}

/** The trimmed text of a cell, or "" when it is null, empty or a null marker. */
export function presentText(value: string | null, markers: NullMarkers): string {
  return markers.isNull(value) ? "" : (value as string).trim();
}

/** The first rule a value breaks, as a reason, or null. Rules other than not_null skip empty values (null markers included). */
export function ruleViolation(compiled: CompiledRule, value: string | null, markers: NullMarkers = new NullMarkers([])): RowReason | null {
  const { rule, pattern, allowed } = compiled;
  const text = presentText(value, markers);
  const field = rule.field;
  if (text === "") {
    return rule.not_null ? { kind: "rule_violation", field, value, message: `${field} is required but empty` } : null;
  }
  if (rule.min !== undefined || rule.max !== undefined) {
    const n = parseLooseNumber(text);
    if (n === null) return { kind: "rule_violation", field, value, message: `${field} = "${text}" is not a number` };
    if (rule.min !== undefined && n < rule.min)
      return { kind: "rule_violation", field, value, message: `${field} = ${n} is below ${rule.min}` };
    if (rule.max !== undefined && n > rule.max)
      return { kind: "rule_violation", field, value, message: `${field} = ${n} is above ${rule.max}` };
  }
  if (pattern && !pattern.test(text)) {
    return { kind: "rule_violation", field, value, message: `${field} = "${text}" does not match ${rule.pattern}` };
  }
  if (allowed && !allowed.has(text)) {
    return { kind: "rule_violation", field, value, message: `${field} = "${text}" is not one of the allowed values` };
  }
  return null;
}

export function typeViolation(
  field: string,
  value: string | null,
  type: InferredType,
  markers: NullMarkers = new NullMarkers([]),
): RowReason | null {
  const text = presentText(value, markers);
  if (text === "" || readableAs(text, type)) return null;
  return { kind: "unparseable_value", field, value, message: `${field} = "${text}" cannot be read as ${type}` };
}

const parsedCell = newParsedCell();

/**
 * Sets unread[i] for each of the first `rows` cells of a column that is present and not settled
 * from its bytes as its type (readsAsTypeFromBytes): the only cells typeViolation must look at,
 * found a column at a time so that a batch whose rows all stay takes no call per row.
 */
export function markUnreadCells(cells: Utf8Cells, rows: number, type: InferredType, unread: Uint8Array): void {
  for (let i = 0; i < rows; i++) if (!isNullCell(cells, i) && !readsAsTypeFromBytes(cells, i, type)) unread[i] = 1;
}

/**
 * Values settled from their bytes, as a column of unique values (numbers, timestamps) misses the
 * memo: a plain decimal in a number column never breaks its type (readable as a float, and as an
 * integer when whole), marker or not; nor does a YYYY-MM-DD date (with its time) in a date or
 * datetime column, whose bytes are the text toIsoDate reads back as a date; nor a yes/no word
 * with nothing to trim in a boolean column. False leaves the cell to
 * typeViolation; true means typeViolation would find nothing.
 */
export function readsAsTypeFromBytes(cells: Utf8Cells, i: number, type: InferredType): boolean {
  switch (type) {
    case "integer":
    case "float": {
      const short = shortPlainDecimalCell(cells, i);
      if (short >= 0) return type === "float" || (short & PLAIN_INTEGRAL) !== 0;
      if (short === NOT_PLAIN_DECIMAL) return false;
      const n = plainDecimalCell(cells, i, parsedCell);
      return type === "float" ? !Number.isNaN(n) : Number.isInteger(n);
    }
    case "date":
    case "datetime": {
      const iso = canonicalIsoBytes(cells.values, cells.offsets[i], cells.offsets[i + 1]);
      return iso === IsoBytes.Date || iso === IsoBytes.DateTime;
    }
    case "boolean":
      return typeof looseBooleanBytes(cells.values, cells.offsets[i], cells.offsets[i + 1]) === "boolean";
    default:
      return false;
  }
}
