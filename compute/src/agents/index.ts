import type { Agent } from "../engine/types.js";
import { driftDetector } from "./drift-detector.js";
import { governanceChecker } from "./governance-checker.js";
import { readinessRater } from "./readiness-rater.js";
import { scoreRisk } from "./score-risk.js";
import { testCoverageAgent } from "./test-coverage-agent.js";
import { unifiedProfiler } from "./unified-profiler.js";

/**
 * Every agent the engine can run, by id. An agent chosen for a task but absent here is
 * reported as skipped with that reason, never faked.
 */
export const AGENTS: ReadonlyMap<string, Agent> = new Map<string, Agent>(
  [unifiedProfiler, driftDetector, scoreRisk, governanceChecker, testCoverageAgent, readinessRater].map((agent) => [
    agent.id,
    agent as Agent,
  ]),
);
