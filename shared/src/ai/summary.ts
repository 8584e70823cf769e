/**
 * The `ai_summary` block of report.json: a short executive summary and the top actions, each
 * citing the ids of alerts, issues or recommendations the report holds. `ai_written: false`
 * means it was built from the findings without a model, and `note` says why.
 */
export interface AiSummaryAction {
  text: string;
  cites: string[];
}

export interface AiSummary {
  text: string;
  actions: AiSummaryAction[];
  cites: string[];
  ai_written: boolean;
  model: string | null;
  created_at: string;
  note?: string;
}
