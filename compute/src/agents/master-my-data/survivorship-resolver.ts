/**
 * survivorship-resolver: for every cluster of two or more records, the surviving value of each
 * field under its rule (most_recent, most_complete, most_frequent, source_priority, max, min),
 * with the source row that gave it; fields whose records disagree are counted as conflicts.
 */
import type * as report from "@agensium/shared";
import { type Issue, type MasterMyDataParameters, masterMyDataParameters, type SummaryItem } from "@agensium/shared";
import type { Agent, AgentContext } from "../../engine/types.js";
import { resolutionFrom } from "./golden-record-builder.js";
import { attachedSurvivors, attachSurvivors } from "./handoff.js";
import { type SurvivedClusters, surviveClusters } from "./survivorship-rules.js";

type Params = MasterMyDataParameters["survivorship-resolver"];

export type SurvivorshipData = report.SurvivorshipData;

const SAMPLE_CLUSTERS = 20;

/** The surviving values of an earlier survivorship-resolver in this run, or fresh ones with the default rules. */
export async function survivorsFrom(ctx: AgentContext<unknown>): Promise<SurvivedClusters> {
  const earlier = attachedSurvivors(ctx.previous.get("survivorship-resolver"));
  if (earlier) return earlier;
  const res = await resolutionFrom(ctx);
  return surviveClusters(ctx.primary, res, masterMyDataParameters.parse({})["survivorship-resolver"], ctx.signal);
}

export const survivorshipResolver: Agent<Params, SurvivorshipData> = {
  id: "survivorship-resolver",
  async run(ctx) {
    const res = await resolutionFrom(ctx);
    const survived = await surviveClusters(ctx.primary, res, ctx.parameters, ctx.signal);
    const columns = ctx.primary.columns;
    const conflicts = new Array<number>(columns.length).fill(0);
    let withConflicts = 0;
    const sample: SurvivorshipData["sample"] = [];
    for (const [cluster, s] of survived.byCluster) {
      for (const c of s.conflicts) conflicts[c]++;
      if (s.conflicts.length > 0) withConflicts++;
      if (sample.length < SAMPLE_CLUSTERS) {
        sample.push({
          cluster,
          fields: Object.fromEntries(columns.map((name, c) => [name, { value: s.values[c], source_row: s.sourceRows[c] }])),
        });
      }
    }
    const data: SurvivorshipData = {
      rules: Object.fromEntries(columns.map((name, c) => [name, survived.rules[c]])),
      clusters_resolved: survived.byCluster.size,
      conflicts_by_field: Object.fromEntries(columns.flatMap((name, c) => (conflicts[c] > 0 ? [[name, conflicts[c]]] : []))),
      clusters_with_conflicts: withConflicts,
      sample,
    };
    attachSurvivors(data, survived);
    const issues: Issue[] = columns.flatMap((name, c) =>
      conflicts[c] > 0
        ? [
            {
              id: `survivorship-conflict-${c + 1}`,
              type: "conflicting_values",
              severity: "low" as const,
              field: name,
              count: conflicts[c],
              description: `${conflicts[c]} cluster(s) hold different values of ${name}; the ${survived.rules[c]} rule chose one`,
            },
          ]
        : [],
    );
    const summary: SummaryItem[] = [
      {
        title: "Resolved clusters",
        value: survived.byCluster.size,
        status: "good",
        description: "Clusters of two or more records given one surviving value per field",
      },
      {
        title: "Clusters with conflicts",
        value: withConflicts,
        status: withConflicts === 0 ? "good" : "warning",
        description: "Clusters whose records disagree on at least one field",
      },
    ];
    return { alerts: [], issues, recommendations: [], row_level_issues: [], executive_summary: summary, data };
  },
};
