/** Each agent's `data` schema by agent id: adding an agent is one line here and one file beside it. */
import type { z } from "zod";
import { previewDataSchema } from "./cleanse-previewer.js";
import { writebackDataSchema } from "./cleanse-writeback.js";
import { contractEnforcerDataSchema } from "./contract-enforcer.js";
import { driftDataSchema } from "./drift-detector.js";
import { duplicateDataSchema } from "./duplicate-resolver.js";
import { standardizationDataSchema } from "./field-standardization.js";
import { goldenRecordDataSchema } from "./golden-record-builder.js";
import { governanceDataSchema } from "./governance-checker.js";
import { keyIdentifierDataSchema } from "./key-identifier.js";
import { lineageDataSchema } from "./lineage-tracer.js";
import { masterWritebackDataSchema } from "./master-writeback-agent.js";
import { nullHandlerDataSchema } from "./null-handler.js";
import { outlierDataSchema } from "./outlier-remover.js";
import { quarantineDataSchema } from "./quarantine-agent.js";
import { readinessDataSchema } from "./readiness-rater.js";
import { piiScanSchema } from "./score-risk.js";
import { semanticMapperDataSchema } from "./semantic-mapper.js";
import { stewardshipDataSchema } from "./stewardship-flagger.js";
import { survivorshipDataSchema } from "./survivorship-resolver.js";
import { testCoverageDataSchema } from "./test-coverage-agent.js";
import { typeFixerDataSchema } from "./type-fixer.js";
import { profilerReportDataSchema } from "./unified-profiler.js";

/** What report.json holds as each agent's `data` (the profiler's with personal-data statistics possibly withheld). */
export const AGENT_REPORT_DATA = {
  "unified-profiler": profilerReportDataSchema,
  "drift-detector": driftDataSchema,
  "score-risk": piiScanSchema,
  "governance-checker": governanceDataSchema,
  "test-coverage-agent": testCoverageDataSchema,
  "readiness-rater": readinessDataSchema,
  "quarantine-agent": quarantineDataSchema,
  "null-handler": nullHandlerDataSchema,
  "outlier-remover": outlierDataSchema,
  "type-fixer": typeFixerDataSchema,
  "duplicate-resolver": duplicateDataSchema,
  "field-standardization": standardizationDataSchema,
  "cleanse-writeback": writebackDataSchema,
  "cleanse-previewer": previewDataSchema,
  "key-identifier": keyIdentifierDataSchema,
  "contract-enforcer": contractEnforcerDataSchema,
  "semantic-mapper": semanticMapperDataSchema,
  "lineage-tracer": lineageDataSchema,
  "golden-record-builder": goldenRecordDataSchema,
  "survivorship-resolver": survivorshipDataSchema,
  "master-writeback-agent": masterWritebackDataSchema,
  "stewardship-flagger": stewardshipDataSchema,
} as const satisfies Record<string, z.ZodType>;

export type ReportedAgentId = keyof typeof AGENT_REPORT_DATA;
