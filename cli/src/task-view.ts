/** The task as GET /tasks/:id and the event stream describe it (the fields the CLI reads). */
export interface TaskView {
  task_id: string;
  tool_id: string;
  agents: string[];
  status: string;
  progress: number;
  current_agent: string | null;
  rows_processed?: number | null;
  step?: string | null;
  attempt: number;
  error: { code: string; message: string } | null;
  created_at: string;
  completed_at: string | null;
  failed_at: string | null;
  result_summary: ResultSummary | null;
}

export interface ResultSummary {
  rows?: number;
  columns?: number;
  agents?: { agent_id: string; status: string; execution_time_ms: number; alerts: number; critical_alerts: number; issues: number }[];
  [key: string]: unknown;
}

export const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "EXPIRED"]);
