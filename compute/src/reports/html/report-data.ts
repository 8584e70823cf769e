/** What report.html is written from: the capped report object report.json is written from, plus the optional AI summary. */
import type { AgentOutput } from "@agensium/shared";
import type { RunReport } from "../run-report.js";

export interface AiSummary {
  text: string;
  actions: { text: string; cites: string[] }[];
  cites: string[];
  ai_written: boolean;
  model: string | null;
  created_at: string;
  note?: string;
}

export type ReportAgent = AgentOutput & { row_level_issues_total?: number };

export interface ReportData extends Omit<RunReport, "agents"> {
  agents: ReportAgent[];
  ai_summary?: AiSummary;
}

export function findAgent(report: ReportData, id: string): ReportAgent | undefined {
  return report.agents.find((a) => a.agent_id === id);
}

/** The data of an agent that ran to success, or null. */
export function successData<T>(report: ReportData, id: string): T | null {
  const agent = findAgent(report, id);
  return agent?.status === "success" && agent.data && typeof agent.data === "object" ? (agent.data as T) : null;
}

/** Ids of the alerts, issues and recommendations in the report, so citations link only to what is there. */
export function findingIds(report: ReportData): Set<string> {
  return new Set(report.agents.flatMap((a) => [...a.alerts, ...a.issues, ...a.recommendations].map((f) => f.id)));
}

/** An element id for a finding (finding ids are agent-made, so kept to safe characters). */
export function findingAnchor(id: string): string {
  return `finding-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}
