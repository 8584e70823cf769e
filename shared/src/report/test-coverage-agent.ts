/** test-coverage-agent's `data`: the suggested checks, evaluated, and the data contract they make. */
import { z } from "zod";
import { dataContract } from "../tools/master-my-data.js";

export const coverageCheckSchema = z.strictObject({
  column: z.string(),
  check: z.enum(["is_complete", "has_completeness", "is_unique", "is_contained_in", "is_non_negative", "has_type", "matches_pattern"]),
  /** The constraint's argument: bound, allowed set, type or regex. */
  argument: z.union([z.number(), z.string(), z.array(z.string())]).nullable(),
  /** What the data measured for this check (share of rows passing, or the count involved). */
  observed: z.number(),
  status: z.enum(["passed", "failed", "not_verified"]),
  meaningful: z.boolean(),
  description: z.string(),
});

export const testCoverageDataSchema = z.strictObject({
  coverage_percent: z.number(),
  covered_columns: z.array(z.string()),
  uncovered_columns: z.array(z.string()),
  checks: z.array(coverageCheckSchema),
  /** What contract-enforcer accepts as its contract parameter. */
  contract: dataContract,
});

export type CoverageCheck = z.infer<typeof coverageCheckSchema>;
export type TestCoverageData = z.infer<typeof testCoverageDataSchema>;
