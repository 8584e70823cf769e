/** key-identifier's `data`: candidate keys, single and composite, and the recommended ones. */
import { z } from "zod";

export const keyCandidateSchema = z.strictObject({
  columns: z.array(z.string()),
  distinct: z.number().int(),
  distinct_share: z.number(),
  unique: z.boolean(),
});

export const keyIdentifierDataSchema = z.strictObject({
  rows: z.number().int(),
  single_column_candidates: z.array(keyCandidateSchema),
  composite_keys: z.array(keyCandidateSchema),
  primary_key: z.array(z.string()).nullable(),
  natural_keys: z.array(z.array(z.string())),
  composite_combinations_tested: z.number().int(),
});

export type KeyCandidate = z.infer<typeof keyCandidateSchema>;
export type KeyIdentifierData = z.infer<typeof keyIdentifierDataSchema>;
