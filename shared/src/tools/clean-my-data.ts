import { z } from "zod";
import type { cleaningStepSchema, recipeOperationSchema } from "../report/common.js";
import { agentParams, columnName, inputOptions, nullMarkers, share } from "./params.js";

const nullStrategy = z.enum(["drop_row", "fill_mean", "fill_median", "fill_mode", "fill_value", "forward_fill", "leave"]);

const rowRule = z
  .object({
    field: columnName,
    not_null: z.boolean().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    pattern: z.string().max(1_000).optional(),
    allowed_values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

/** Defaults from OpenRefine, Glue DataBrew and common statistics practice (see docs/AGENTS.md). */
export const cleanMyDataParameters = z
  .object({
    input: inputOptions.optional(),
    "quarantine-agent": agentParams({
      declared_types: z.record(columnName, z.enum(["integer", "float", "boolean", "date", "datetime", "string"])).default({}),
      rules: z.array(rowRule).default([]),
      quarantine_all_null_rows: z.boolean().default(true),
      /** Cells holding one of these read as empty here too (as in null-handler), never as an unreadable value. */
      null_markers: nullMarkers,
    }),
    "null-handler": agentParams({
      default_strategy: nullStrategy.default("leave"),
      strategies: z.record(columnName, nullStrategy).default({}),
      fill_values: z.record(columnName, z.union([z.string(), z.number(), z.boolean()])).default({}),
      drop_column_above: share(1).optional(),
      null_markers: nullMarkers,
    }),
    "outlier-remover": agentParams({
      /** auto: per column, Tukey's IQR on the logarithm for skewed positive data (amounts, durations), else IQR. */
      method: z.enum(["auto", "zscore", "modified_zscore", "iqr", "log_iqr"]).default("auto"),
      /** auto picks log_iqr for a positive column whose skewness is above this. */
      skew_threshold: z.number().positive().default(1),
      zscore_threshold: z.number().positive().default(3),
      modified_zscore_threshold: z.number().positive().default(3.5),
      iqr_multiplier: z.number().positive().default(1.5),
      action: z.enum(["remove", "flag", "cap", "null"]).default("flag"),
      columns: z.array(columnName).optional(),
      /** Cells holding one are nulls: never values, never a reason a column is not numeric. */
      null_markers: nullMarkers,
    }),
    "type-fixer": agentParams({
      trim: z.boolean().default(true),
      target_types: z.record(columnName, z.enum(["integer", "float", "boolean", "date", "datetime", "string"])).default({}),
      date_order: z.enum(["DMY", "MDY", "YMD"]).default("YMD"),
      /** Cells holding one are nulls: left as written, never a failed conversion. */
      null_markers: nullMarkers,
    }),
    "duplicate-resolver": agentParams({
      key_columns: z.array(columnName).optional(),
      keep: z.enum(["first", "last"]).default("first"),
      fuzzy_columns: z.array(columnName).default([]),
      fuzzy_radius: z.number().int().min(0).max(3).default(1),
      ngram_size: z.number().int().min(1).max(10).default(6),
      merge_fuzzy: z.boolean().default(false),
      /** Cells holding one are nulls: equal to an empty key cell, never a fuzzy spelling. */
      null_markers: nullMarkers,
    }),
    "field-standardization": agentParams({
      trim_whitespace: z.boolean().default(true),
      case: z.record(columnName, z.enum(["lower", "upper", "title", "keep"])).default({}),
      cluster_categorical: z.boolean().default(true),
      mappings: z.record(columnName, z.record(z.string(), z.string())).default({}),
      phone_default_country: z.string().length(2).default("US"),
      phone_columns: z.array(columnName).optional(),
      email_columns: z.array(columnName).optional(),
      country_columns: z.array(columnName).optional(),
      date_columns: z.array(columnName).optional(),
      /** How dates like 03/04/2024 are read; a date impossible in this order is read in the other. */
      date_order: z.enum(["DMY", "MDY", "YMD"]).default("MDY"),
      /** Cells holding one are nulls: left as written (unless a mapping names them), never a category spelling. */
      null_markers: nullMarkers,
    }),
    "cleanse-writeback": agentParams({
      write_xlsx: z.boolean().default(false),
    }),
    "cleanse-previewer": agentParams({
      diff_sample_size: z.number().int().min(0).max(10_000).default(100),
      top_values: z.number().int().min(1).max(50).default(5),
    }),
  })
  .strict();

export type CleanMyDataParameters = z.output<typeof cleanMyDataParameters>;

/** One replayable step of a cleaning run, as recipe.json lists it. */
export type RecipeOperation = z.infer<typeof recipeOperationSchema>;

/** What every cleaning agent's `data` holds, so the writeback and the previewer can read any of them. */
export type CleaningStepData = z.infer<typeof cleaningStepSchema>;
