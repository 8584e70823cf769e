/** contract-enforcer's `data`: the contract applied and the result of each of its checks. */
import { z } from "zod";
import { dataContract } from "../tools/master-my-data.js";

export const contractVerdictSchema = z.enum(["pass", "warn", "fail"]);
export const contractCheckNameSchema = z.enum(["not_null", "type", "max_length", "allowed_values", "pattern", "range", "unique"]);

export const contractCheckResultSchema = z.strictObject({
  column: z.string(),
  check: z.union([contractCheckNameSchema, z.enum(["required_column", "extra_column"])]),
  rule: z.string(),
  violations: z.number().int(),
  pass_share: z.number(),
  status: contractVerdictSchema,
});

export const contractEnforcerDataSchema = z.strictObject({
  contract_source: z.enum(["parameters", "inferred"]),
  contract: dataContract,
  rows: z.number().int(),
  rows_passing: z.number().int(),
  pass_share: z.number(),
  status: contractVerdictSchema,
  checks: z.array(contractCheckResultSchema),
  missing_columns: z.array(z.string()),
  extra_columns: z.array(z.string()),
  row_issues_total: z.number().int(),
});

export type ContractCheckResult = z.infer<typeof contractCheckResultSchema>;
export type ContractEnforcerData = z.infer<typeof contractEnforcerDataSchema>;
