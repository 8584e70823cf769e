/** semantic-mapper's `data`: a semantic type and canonical name per column, with the alternatives weighed. */
import { z } from "zod";

export const typeScoreSchema = z.strictObject({
  type: z.string(),
  canonical: z.string(),
  confidence: z.number(),
  header_score: z.number(),
  value_share: z.number(),
});

export const columnMappingSchema = z.strictObject({
  column: z.string(),
  semantic_type: z.string().nullable(),
  canonical_name: z.string(),
  confidence: z.number(),
  non_blank: z.number().int(),
  distinct_share: z.number(),
  alternatives: z.array(typeScoreSchema),
});

export const semanticMapperDataSchema = z.strictObject({
  columns: z.array(columnMappingSchema),
  mapped_columns: z.number().int(),
  unmapped_columns: z.array(z.string()),
});

export type TypeScore = z.infer<typeof typeScoreSchema>;
export type ColumnMapping = z.infer<typeof columnMappingSchema>;
export type SemanticMapperData = z.infer<typeof semanticMapperDataSchema>;
