/** The readiness score (0–100) the readiness-rater agent wrote into report.json, if it ran. */
export interface Readiness {
  score: number;
  grade: string | null;
}

export function readinessOf(report: unknown): Readiness | undefined {
  const agents = (report as { agents?: { agent_id?: string; status?: string; data?: { overall?: unknown; grade?: unknown } }[] })?.agents;
  const rater = agents?.find((a) => a.agent_id === "readiness-rater" && a.status === "success");
  const overall = rater?.data?.overall;
  if (typeof overall !== "number" || !Number.isFinite(overall)) return undefined;
  return { score: overall, grade: typeof rater?.data?.grade === "string" ? rater.data.grade : null };
}
