/** governance-checker's `data`: a score per framework, an action per personal-data column. */
import { z } from "zod";
import { severitySchema } from "./common.js";

export const frameworkSchema = z.enum(["GDPR", "CCPA", "HIPAA", "PCI-DSS"]);
export const protectiveActionSchema = z.enum(["mask", "hash", "tokenize", "redact", "encrypt", "drop"]);

export const governanceFindingSchema = z.strictObject({
  framework: frameworkSchema,
  rule: z.string(),
  severity: severitySchema,
  field: z.string().optional(),
  description: z.string(),
});

export const governanceDataSchema = z.strictObject({
  frameworks: z.array(
    z.strictObject({
      framework: frameworkSchema,
      score: z.number(),
      status: z.enum(["compliant", "at_risk", "non_compliant"]),
      findings: z.array(governanceFindingSchema),
    }),
  ),
  columns: z.array(
    z.strictObject({
      name: z.string(),
      entity: z.string().nullable(),
      health: z.boolean(),
      special_category: z.boolean(),
      action: protectiveActionSchema.nullable(),
    }),
  ),
  /** Columns whose value statistics the reports leave out. */
  withheld_statistics: z.array(z.string()),
});

export type GovernanceFinding = z.infer<typeof governanceFindingSchema>;
export type GovernanceData = z.infer<typeof governanceDataSchema>;
