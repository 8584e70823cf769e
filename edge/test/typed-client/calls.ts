/**
 * Calls made through `hc<App>`: every input and output below is typed from the routes
 * themselves. The root tsconfig compiles this file, and typed-client.test.ts runs it against the
 * worker, so a route whose response changes shape breaks this file's compile.
 */
import { hc } from "hono/client";
import type { App } from "../../src/app.js";

export function agensiumClient(baseUrl: string, token?: string) {
  return hc<App>(baseUrl, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

type Client = ReturnType<typeof agensiumClient>;

export async function toolAgentIds(client: Client): Promise<Record<string, string[]>> {
  const res = await client.tools.$get();
  if (!res.ok) throw new Error(`GET /tools answered ${res.status}`);
  const tools = await res.json();
  return Object.fromEntries(tools.map((tool) => [tool.id, tool.agents.map((agent) => agent.id)]));
}

export async function createProfileTask(client: Client): Promise<string> {
  const res = await client.tasks.$post({ json: { tool_id: "profile-my-data", agents: ["unified-profiler"] }, header: {} });
  if (res.status !== 201) throw new Error(`POST /tasks answered ${res.status}`);
  const task = await res.json();
  return task.task_id;
}

export async function taskState(client: Client, taskId: string): Promise<{ status: string; progress: number; agents: string[] }> {
  const res = await client.tasks[":id"].$get({ param: { id: taskId } });
  if (res.status !== 200) throw new Error(`GET /tasks/${taskId} answered ${res.status}`);
  const task = await res.json();
  return { status: task.status, progress: task.progress, agents: task.agents };
}

export async function listedTaskIds(client: Client): Promise<{ ids: string[]; nextCursor: string | null }> {
  const res = await client.tasks.$get({ query: { limit: "50" } });
  if (res.status !== 200) throw new Error(`GET /tasks answered ${res.status}`);
  const page = await res.json();
  return { ids: page.items.map((task) => task.task_id), nextCursor: page.next_cursor };
}

export async function missingTaskCode(client: Client, taskId: string): Promise<string> {
  const res = await client.tasks[":id"].$get({ param: { id: taskId } });
  if (res.status !== 404) throw new Error(`GET /tasks/${taskId} answered ${res.status}`);
  const body = await res.json();
  return body.error.code;
}
