/** The V1 multipart form of POST /analyze, as old clients send it. */
import { z } from "@hono/zod-openapi";

const fileField = z.custom<File>((value) => value instanceof File, "Expected a file").openapi({ type: "string", format: "binary" });

export const analyzeForm = z.object({
  tool_id: z.string().min(1).max(100).openapi({ example: "profile-my-data" }),
  agents: z.string().max(5_000).optional().openapi({
    description: "Comma-separated agent ids, or a JSON array of them; all of the tool's agents when absent",
    example: "unified-profiler,readiness-rater",
  }),
  parameters_json: z
    .string()
    .max(1024 * 1024)
    .optional()
    .openapi({ description: "parameters.json as text (a JSON object)" }),
  primary: fileField,
  baseline: fileField.optional(),
});

export type AnalyzeForm = z.infer<typeof analyzeForm>;

/** V1 sent agents as "a,b" or '["a","b"]'. */
export function parseAgentList(text: string | undefined): string[] | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith("[")) {
    const parsed = z.array(z.string().min(1)).safeParse(safeJson(trimmed));
    return parsed.success ? parsed.data : [trimmed];
  }
  return trimmed
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
