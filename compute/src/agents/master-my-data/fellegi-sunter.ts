/**
 * Fellegi-Sunter record comparison: each compared field falls into an agreement level, each
 * level has m (P(level | same entity)) and u (P(level | different entities)); the pair's match
 * weight is the prior's log-odds plus Σ log2(m/u), turned into a match probability. A field
 * missing on either side adds nothing. Levels and defaults follow Splink's standard comparisons.
 */

import { classifyText } from "../../stats/value-parse.js";
import { jaroWinkler } from "./similarity/jaro-winkler.js";
import { boundedLevenshtein } from "./similarity/levenshtein.js";
import { emailKey, idKey, nameTokens, normalizeText, phoneKey, postcodeKey } from "./similarity/normalize.js";

export const COMPARISON_KINDS = ["name", "email", "phone", "id", "postcode", "date", "text"] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

export interface LevelProbabilities {
  m: number[];
  u: number[];
}

/** Level 0 is exact agreement, the last level is "anything else". */
export const DEFAULT_M_U: Record<ComparisonKind, LevelProbabilities> = {
  // exact, JW ≥ t1, ≥ t2, ≥ t3, else
  name: { m: [0.7, 0.15, 0.07, 0.05, 0.03], u: [0.01, 0.005, 0.01, 0.05, 0.925] },
  // exact normalised address, JW ≥ 0.88, else
  email: { m: [0.85, 0.1, 0.05], u: [0.0005, 0.0045, 0.995] },
  // same digits, one digit off, else
  phone: { m: [0.8, 0.1, 0.1], u: [0.001, 0.002, 0.997] },
  // exact, Levenshtein 1, Levenshtein 2, else
  id: { m: [0.9, 0.05, 0.02, 0.03], u: [0.0005, 0.001, 0.002, 0.9965] },
  postcode: { m: [0.9, 0.1], u: [0.02, 0.98] },
  // same date, one digit off (a typo), else
  date: { m: [0.85, 0.1, 0.05], u: [0.005, 0.02, 0.975] },
  // exact, JW ≥ 0.9, JW ≥ 0.75, else
  text: { m: [0.7, 0.15, 0.1, 0.05], u: [0.02, 0.03, 0.1, 0.85] },
};

/** The comparable form of a value for its kind; "" means "say nothing about this field". */
export function comparable(kind: ComparisonKind, value: string, fullName = false): string {
  switch (kind) {
    case "name":
      return fullName ? [...nameTokens(value)].sort().join(" ") : normalizeText(value);
    case "email":
      return emailKey(value);
    case "phone":
      return phoneKey(value);
    case "id":
      return idKey(value);
    case "postcode":
      return postcodeKey(value);
    case "date": {
      const parsed = classifyText(value.trim());
      if (parsed.kind === "date" || parsed.kind === "datetime") return new Date(parsed.value).toISOString().slice(0, 10);
      return value.replace(/\D/g, "");
    }
    default:
      return normalizeText(value);
  }
}

/** The agreement level of two comparable values (both non-empty). */
export function agreementLevel(kind: ComparisonKind, a: string, b: string, nameThresholds: readonly number[]): number {
  if (a === b) return 0;
  switch (kind) {
    case "name": {
      const s = jaroWinkler(a, b);
      if (s >= nameThresholds[0]) return 1;
      if (s >= nameThresholds[1]) return 2;
      if (s >= nameThresholds[2]) return 3;
      return 4;
    }
    case "email":
      return jaroWinkler(a, b) >= 0.88 ? 1 : 2;
    case "phone":
      return boundedLevenshtein(a, b, 1) <= 1 ? 1 : 2;
    case "id": {
      const d = boundedLevenshtein(a, b, 2);
      return d <= 1 ? 1 : d <= 2 ? 2 : 3;
    }
    case "postcode":
      return 1;
    case "date":
      return boundedLevenshtein(a.replace(/\D/g, ""), b.replace(/\D/g, ""), 1) <= 1 ? 1 : 2;
    default: {
      const s = jaroWinkler(a, b);
      return s >= 0.9 ? 1 : s >= 0.75 ? 2 : 3;
    }
  }
}

/** log2(m/u) per level, per compared field, computed once. */
export function levelWeights(probabilities: LevelProbabilities): Float64Array {
  return Float64Array.from(probabilities.m, (m, level) => Math.log2(m / probabilities.u[level]));
}

export function matchProbability(matchWeight: number): number {
  const odds = 2 ** matchWeight;
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
}

export function priorWeight(prior: number): number {
  return Math.log2(prior / (1 - prior));
}
