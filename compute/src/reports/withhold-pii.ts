/**
 * Governance: statistics that reveal values of personal-data columns are withheld from the
 * reports (governance-checker's `withhold_pii_statistics`, on by default). Counts stay, so a
 * user still sees completeness and cardinality; values, ranges and shapes go.
 */
import type { AgentOutput } from "@agensium/shared";
import type { RunReport } from "./run-report.js";

/** Profile fields that carry values (or value ranges) of the column. */
const VALUE_FIELDS = [
  "min",
  "max",
  "top_values",
  "categories",
  "patterns",
  "histogram",
  "quantiles",
  "date_min",
  "date_max",
  "mixed_examples",
];

function withheldColumns(agents: AgentOutput[]): Set<string> {
  const governance = agents.find((a) => a.agent_id === "governance-checker" && a.status === "success");
  const names = (governance?.data as { withheld_statistics?: unknown } | undefined)?.withheld_statistics;
  return new Set(Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : []);
}

export function withholdPiiStatistics(report: RunReport): RunReport {
  const withheld = withheldColumns(report.agents);
  if (withheld.size === 0) return report;
  const agents = report.agents.map((agent) => {
    const data = agent.data as { columns?: unknown } | null;
    if (agent.agent_id !== "unified-profiler" || !data || !Array.isArray(data.columns)) return agent;
    const columns = data.columns.map((column: Record<string, unknown>) => {
      if (!withheld.has(String(column.name))) return column;
      const kept = Object.fromEntries(Object.entries(column).filter(([field]) => !VALUE_FIELDS.includes(field)));
      return { ...kept, statistics_withheld: true };
    });
    return { ...agent, data: { ...data, columns } };
  });
  return { ...report, agents };
}
