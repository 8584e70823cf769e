/** The `ai_summary` block of report.json; its schema is in report/ai-summary.ts. */
export type { AiSummary, AiSummaryAction } from "../report/ai-summary.js";
