import { z } from "zod";
import { agentParams, inputOptions, nullMarkers, share } from "./params.js";

/** Defaults from ydata-profiling, Evidently, Presidio and Deequ (see docs/AGENTS.md). */
export const profileMyDataParameters = z
  .object({
    input: inputOptions.optional(),
    "unified-profiler": agentParams({
      exact_distinct_limit: z.number().int().min(1_000).max(10_000_000).default(100_000),
      top_values: z.number().int().min(1).max(100).default(10),
      histogram_bins: z.number().int().min(1).max(50).default(50),
      missing_threshold: share(0.01),
      zeros_threshold: share(0.01),
      infinite_threshold: share(0.01),
      high_cardinality_threshold: z.number().int().min(1).default(50),
      skewness_threshold: z.number().positive().default(20),
      correlation_threshold: share(0.9),
      null_markers: nullMarkers,
    }),
    "drift-detector": agentParams({
      small_baseline_rows: z.number().int().min(1).default(1_000),
      p_value_threshold: share(0.05),
      distance_threshold: share(0.1),
      psi_threshold: z.number().positive().default(0.1),
      psi_major_threshold: z.number().positive().default(0.25),
      psi_bins: z.number().int().min(2).max(100).default(10),
      dataset_drift_share: share(0.5),
    }),
    "score-risk": agentParams({
      min_score: share(0.5),
      header_boost: share(0.35),
      /** Caps the PII row issues when set; absent, every PII cell is listed (row_issues.csv is the full list). */
      sample_row_issues: z.number().int().min(0).optional(),
      /** Share of a column's non-null values that must be PII for the column to count as PII. */
      min_share: share(0.1),
    }),
    "governance-checker": agentParams({
      frameworks: z
        .array(z.enum(["GDPR", "CCPA", "HIPAA", "PCI-DSS"]))
        .min(1)
        .default(["GDPR", "CCPA", "HIPAA", "PCI-DSS"]),
      withhold_pii_statistics: z.boolean().default(true),
    }),
    "test-coverage-agent": agentParams({
      unique_tolerance: share(0.08),
      contained_in_max_singletons: share(0.1),
      completeness_min: share(0.2),
    }),
    "readiness-rater": agentParams({
      weights: z
        .object({
          completeness: z.number().min(0).default(0.25),
          validity: z.number().min(0).default(0.2),
          uniqueness: z.number().min(0).default(0.15),
          consistency: z.number().min(0).default(0.15),
          pii_risk: z.number().min(0).default(0.15),
          drift: z.number().min(0).default(0.1),
        })
        .strict()
        .prefault({}),
      ready_threshold: z.number().min(0).max(100).default(85),
      review_threshold: z.number().min(0).max(100).default(65),
    }),
  })
  .strict();

export type ProfileMyDataParameters = z.output<typeof profileMyDataParameters>;
