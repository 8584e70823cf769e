/** cleanse-writeback's `data`: the files written and recipe.json, the replayable list of steps. */
import { z } from "zod";
import { recipeOperationSchema } from "./common.js";

export const recipeSchema = z.strictObject({
  recipe_version: z.literal(1),
  tool_id: z.string(),
  input_columns: z.array(z.string()),
  output_columns: z.array(z.string()),
  steps: z.array(recipeOperationSchema.extend({ step: z.number().int() })),
});

export const writebackDataSchema = z.strictObject({
  rows_written: z.number().int(),
  columns: z.array(z.string()),
  files: z.array(z.string()),
  recipe: recipeSchema,
});

export type Recipe = z.infer<typeof recipeSchema>;
export type WritebackData = z.infer<typeof writebackDataSchema>;
