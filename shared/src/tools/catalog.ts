import type { z } from "zod";
import type { InputExtension, InputRole } from "../formats.js";
import { ACCEPTED_EXTENSIONS } from "../formats.js";
import { cleanMyDataParameters } from "./clean-my-data.js";
import { masterMyDataParameters } from "./master-my-data.js";
import { profileMyDataParameters } from "./profile-my-data.js";

export interface AgentDefinition {
  id: string;
  name: string;
  description: string;
  /** Credits debited when the agent starts. The database copy (agent_costs) is seeded from here. */
  cost: number;
  /** Input files the agent reads; an optional input absent means the agent is skipped, not failed. */
  inputs: { role: InputRole; required: boolean }[];
}

export interface ToolDefinition {
  id: string;
  name: string;
  description: string;
  /** In execution order. A user may choose a subset; order stays this one. */
  agents: AgentDefinition[];
  parameters: z.ZodType;
  acceptedExtensions: InputExtension[];
  /** Whether each agent hands its output file to the next (clean and master chains). */
  chained: boolean;
}

const primary = { role: "primary", required: true } as const;
const optionalBaseline = { role: "baseline", required: false } as const;

function agent(
  id: string,
  name: string,
  cost: number,
  description: string,
  inputs: AgentDefinition["inputs"] = [primary],
): AgentDefinition {
  return { id, name, description, cost, inputs: [...inputs] };
}

export const TOOLS: readonly ToolDefinition[] = [
  {
    id: "profile-my-data",
    name: "Profile my data",
    description: "Statistics, drift, PII risk, governance, test coverage and a readiness score for one file.",
    chained: false,
    acceptedExtensions: ACCEPTED_EXTENSIONS,
    parameters: profileMyDataParameters,
    agents: [
      agent("unified-profiler", "Unified profiler", 10, "Types, completeness, distributions, patterns and correlations per column."),
      agent(
        "drift-detector",
        "Drift detector",
        8,
        "Schema and distribution drift of the file against a baseline (KS, chi², Wasserstein, Jensen-Shannon, PSI).",
        [primary, optionalBaseline],
      ),
      agent("score-risk", "Risk scorer", 8, "Finds personal data (email, phone, cards, IBAN, SSN, …) and scores each column's risk."),
      agent("governance-checker", "Governance checker", 6, "Maps sensitive columns to GDPR, CCPA, HIPAA and PCI-DSS rules."),
      agent("test-coverage-agent", "Test coverage", 6, "Suggests data-quality checks, evaluates them and emits a data contract."),
      agent("readiness-rater", "Readiness rater", 4, "A weighted 0–100 readiness score with a grade and its top reasons."),
    ],
  },
  {
    id: "clean-my-data",
    name: "Clean my data",
    description: "Quarantines broken rows, fixes nulls, outliers, types, duplicates and formats, and writes a replayable recipe.",
    chained: true,
    acceptedExtensions: ACCEPTED_EXTENSIONS,
    parameters: cleanMyDataParameters,
    agents: [
      agent("quarantine-agent", "Quarantine", 5, "Moves structurally broken rows to quarantine.csv with a reason."),
      agent("null-handler", "Null handler", 5, "Normalises null markers (NA, N/A, -, …) and fills or drops them per column."),
      agent("outlier-remover", "Outlier remover", 6, "Finds outliers by z-score, MAD or IQR and removes, flags, caps or nulls them."),
      agent("type-fixer", "Type fixer", 5, "Converts numbers, booleans and dates written as text to real types."),
      agent("duplicate-resolver", "Duplicate resolver", 8, "Removes exact duplicates and flags fuzzy ones."),
      agent("field-standardization", "Field standardisation", 6, "Standardises case, whitespace, phones, emails, countries and dates."),
      agent("cleanse-writeback", "Cleanse writeback", 3, "Writes the cleaned file and a replayable recipe.json."),
      agent("cleanse-previewer", "Cleanse previewer", 3, "Before/after comparison per column with a sample of cell diffs."),
    ],
  },
  {
    id: "master-my-data",
    name: "Master my data",
    description: "Finds keys, enforces a contract, resolves entities into golden records with a crosswalk and a stewardship queue.",
    chained: true,
    acceptedExtensions: ACCEPTED_EXTENSIONS,
    parameters: masterMyDataParameters,
    agents: [
      agent("key-identifier", "Key identifier", 6, "Finds single and composite candidate keys."),
      agent("contract-enforcer", "Contract enforcer", 6, "Validates rows against a data contract."),
      agent("semantic-mapper", "Semantic mapper", 6, "Maps columns to canonical business names with a confidence."),
      agent("lineage-tracer", "Lineage tracer", 4, "Row- and column-level lineage of every output."),
      agent("golden-record-builder", "Golden record builder", 15, "Blocks, compares and clusters records that describe one entity."),
      agent("survivorship-resolver", "Survivorship resolver", 8, "Chooses the surviving value per field of each cluster."),
      agent("master-writeback-agent", "Master writeback", 4, "Writes golden_records.csv with stable master ids and crosswalk.csv.", [
        primary,
        optionalBaseline,
      ]),
      agent("stewardship-flagger", "Stewardship flagger", 4, "Queues clusters that need a human look."),
    ],
  },
];

export function findTool(toolId: string): ToolDefinition | undefined {
  return TOOLS.find((tool) => tool.id === toolId);
}

/** Every agent of every tool, for seeding agent_costs. Agent ids are unique across tools. */
export function allAgents(): AgentDefinition[] {
  return TOOLS.flatMap((tool) => tool.agents);
}

/**
 * The agents a task runs: the requested subset in tool order, or all of them.
 * Returns the ids that are not part of the tool when any are.
 */
export function resolveAgents(
  tool: ToolDefinition,
  requested: readonly string[] | undefined,
): { ok: true; agents: string[] } | { ok: false; unknown: string[] } {
  if (!requested || requested.length === 0) return { ok: true, agents: tool.agents.map((a) => a.id) };
  const known = new Set(tool.agents.map((a) => a.id));
  const unknown = requested.filter((id) => !known.has(id));
  if (unknown.length > 0) return { ok: false, unknown };
  const wanted = new Set(requested);
  return { ok: true, agents: tool.agents.filter((a) => wanted.has(a.id)).map((a) => a.id) };
}

/** Roles the chosen agents need: primary always; baseline when any chosen agent requires it. */
export function requiredRoles(tool: ToolDefinition, agentIds: readonly string[]): InputRole[] {
  const roles = new Set<InputRole>(["primary"]);
  for (const a of tool.agents) {
    if (!agentIds.includes(a.id)) continue;
    for (const input of a.inputs) if (input.required) roles.add(input.role);
  }
  return [...roles];
}
