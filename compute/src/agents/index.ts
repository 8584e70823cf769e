import type { Agent } from "../engine/types.js";
import { cleansePreviewer } from "./clean-my-data/cleanse-previewer.js";
import { cleanseWriteback } from "./clean-my-data/cleanse-writeback.js";
import { duplicateResolver } from "./clean-my-data/duplicate-resolver.js";
import { fieldStandardization } from "./clean-my-data/field-standardization.js";
import { nullHandler } from "./clean-my-data/null-handler.js";
import { outlierRemover } from "./clean-my-data/outlier-remover.js";
import { quarantineAgent } from "./clean-my-data/quarantine-agent.js";
import { typeFixer } from "./clean-my-data/type-fixer.js";
import { driftDetector } from "./drift-detector.js";
import { governanceChecker } from "./governance-checker.js";
import { contractEnforcer } from "./master-my-data/contract-enforcer.js";
import { goldenRecordBuilder } from "./master-my-data/golden-record-builder.js";
import { keyIdentifier } from "./master-my-data/key-identifier.js";
import { lineageTracer } from "./master-my-data/lineage-tracer.js";
import { masterWritebackAgent } from "./master-my-data/master-writeback-agent.js";
import { semanticMapper } from "./master-my-data/semantic-mapper.js";
import { stewardshipFlagger } from "./master-my-data/stewardship-flagger.js";
import { survivorshipResolver } from "./master-my-data/survivorship-resolver.js";
import { readinessRater } from "./readiness-rater.js";
import { scoreRisk } from "./score-risk.js";
import { testCoverageAgent } from "./test-coverage-agent.js";
import { unifiedProfiler } from "./unified-profiler.js";

/**
 * Every agent the engine can run, by id. An agent chosen for a task but absent here is
 * reported as skipped with that reason, never faked.
 */
export const AGENTS: ReadonlyMap<string, Agent> = new Map<string, Agent>(
  [
    unifiedProfiler,
    driftDetector,
    scoreRisk,
    governanceChecker,
    testCoverageAgent,
    readinessRater,
    quarantineAgent,
    nullHandler,
    outlierRemover,
    typeFixer,
    duplicateResolver,
    fieldStandardization,
    cleanseWriteback,
    cleansePreviewer,
    keyIdentifier,
    contractEnforcer,
    semanticMapper,
    lineageTracer,
    goldenRecordBuilder,
    survivorshipResolver,
    masterWritebackAgent,
    stewardshipFlagger,
  ].map((agent) => [agent.id, agent as Agent]),
);
