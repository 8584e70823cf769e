import type { Agent } from "../engine/types.js";

/**
 * Every agent the engine can run, by id. An agent chosen for a task but absent here is
 * reported as skipped with that reason, never faked.
 */
export const AGENTS: ReadonlyMap<string, Agent> = new Map<string, Agent>([]);
