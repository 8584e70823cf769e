import { z } from "zod";
import { agentParams, columnName, inputOptions, share } from "./params.js";

const contractColumn = z
  .object({
    name: columnName,
    required: z.boolean().default(true),
    type: z.enum(["integer", "float", "boolean", "date", "datetime", "string"]).optional(),
    max_length: z.number().int().positive().optional(),
    not_null: z.boolean().optional(),
    unique: z.boolean().optional(),
    allowed_values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
    pattern: z.string().max(1_000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict();

export const dataContract = z
  .object({
    columns: z.array(contractColumn).min(1),
    allow_extra_columns: z.boolean().default(true),
  })
  .strict();

const probability = z.number().gt(0).lt(1);

/** Agreement levels of each comparison kind; level 0 is exact agreement, the last "anything else". */
const comparisonKind = z.enum(["name", "email", "phone", "id", "postcode", "date", "text"]);
const levelProbabilities = z
  .object({ m: z.array(probability).min(2).max(5), u: z.array(probability).min(2).max(5) })
  .strict()
  .refine((p) => p.m.length === p.u.length, "m and u need one probability per agreement level");

const survivorshipRule = z.enum(["most_recent", "most_complete", "most_frequent", "source_priority", "max", "min"]);

/** Defaults from Splink, dedupe and Zingg (see docs/AGENTS.md). */
export const masterMyDataParameters = z
  .object({
    input: inputOptions.optional(),
    "key-identifier": agentParams({
      candidate_distinct_share: share(0.92),
      max_composite_columns: z.number().int().min(1).max(3).default(3),
    }),
    "contract-enforcer": agentParams({
      contract: dataContract.optional(),
      warn_threshold: share(0.95),
      fail_threshold: share(0.8),
    }),
    "semantic-mapper": agentParams({
      glossary: z.record(z.string(), z.array(z.string())).default({}),
      min_confidence: share(0.5),
    }),
    "lineage-tracer": agentParams({}),
    "golden-record-builder": agentParams({
      blocking_keys: z.array(z.array(columnName).min(1)).optional(),
      match_threshold: share(0.85),
      max_cluster_size: z.number().int().min(2).default(50),
      /** Blocks sharing a key with more records than this (e.g. a dummy email used for many customers) are not compared. */
      max_block_size: z.number().int().min(2).max(100_000).default(500),
      name_thresholds: z.tuple([z.number(), z.number(), z.number()]).default([0.92, 0.88, 0.7]),
      /** Splink's λ: the probability that two records drawn at random are the same entity. */
      prior_match_probability: probability.default(0.0001),
      /** Fellegi-Sunter m/u per agreement level, overriding the defaults of a comparison kind. */
      m_u_probabilities: z.partialRecord(comparisonKind, levelProbabilities).default({}),
    }),
    "survivorship-resolver": agentParams({
      default_rule: survivorshipRule.default("most_complete"),
      rules: z.record(columnName, survivorshipRule).default({}),
      timestamp_column: columnName.optional(),
      source_priority: z.array(z.string()).default([]),
      source_column: columnName.optional(),
    }),
    "master-writeback-agent": agentParams({
      id_prefix: z
        .string()
        .regex(/^[A-Za-z]{1,8}$/)
        .default("M"),
    }),
    "stewardship-flagger": agentParams({
      low_score_threshold: share(0.9),
      large_cluster_size: z.number().int().min(2).default(5),
      key_fields: z.array(columnName).optional(),
    }),
  })
  .strict();

export type MasterMyDataParameters = z.output<typeof masterMyDataParameters>;
