/**
 * How the master agents hand large results to the agents after them. An agent's `data` goes
 * into report.json, so it carries only summaries; the clusters (typed arrays), surviving
 * values and master ids ride beside it, attached to that same data object, where JSON never
 * sees them. An agent that finds nothing attached recomputes what it needs.
 */
import type { AgentOutput } from "@agensium/shared";
import type { MasterIds } from "./master-ids.js";
import type { Resolution } from "./resolve-entities.js";
import type { SurvivedClusters } from "./survivorship-rules.js";

const resolutions = new WeakMap<object, Resolution>();
const survivors = new WeakMap<object, SurvivedClusters>();
const masterIds = new WeakMap<object, MasterIds>();
const trimmedDistinct = new WeakMap<object, (number | null)[]>();

export function attachResolution(data: object, resolution: Resolution): void {
  resolutions.set(data, resolution);
}

export function attachSurvivors(data: object, survived: SurvivedClusters): void {
  survivors.set(data, survived);
}

export function attachMasterIds(data: object, ids: MasterIds): void {
  masterIds.set(data, ids);
}

/** Distinct non-blank trimmed values per column, where key-identifier could count them (null where it could not). */
export function attachTrimmedDistinct(data: object, counts: (number | null)[]): void {
  trimmedDistinct.set(data, counts);
}

function dataOf(output: AgentOutput | undefined): object | undefined {
  return output?.status === "success" && output.data && typeof output.data === "object" ? output.data : undefined;
}

export function attachedResolution(output: AgentOutput | undefined): Resolution | undefined {
  const data = dataOf(output);
  return data ? resolutions.get(data) : undefined;
}

export function attachedSurvivors(output: AgentOutput | undefined): SurvivedClusters | undefined {
  const data = dataOf(output);
  return data ? survivors.get(data) : undefined;
}

export function attachedMasterIds(output: AgentOutput | undefined): MasterIds | undefined {
  const data = dataOf(output);
  return data ? masterIds.get(data) : undefined;
}

export function attachedTrimmedDistinct(output: AgentOutput | undefined): (number | null)[] | undefined {
  const data = dataOf(output);
  return data ? trimmedDistinct.get(data) : undefined;
}
