/** Test helpers for runs on the local B2: a client, a config, and hooks that record what the runner said. */
import { inject } from "vitest";
import { type ComputeConfig, loadComputeConfig } from "../../src/config.js";
import type { AgentOutcome, Job, RunHooks } from "../../src/engine/types.js";
import { B2 } from "../../src/storage/b2.js";

export function testB2(): B2 {
  const env = inject("computeEnv");
  return new B2({
    endpoint: inject("s3Endpoint"),
    region: env.B2_REGION,
    bucket: env.B2_BUCKET,
    accessKeyId: env.B2_KEY_ID,
    secretAccessKey: env.B2_APPLICATION_KEY,
  });
}

export function testConfig(overrides: Record<string, string> = {}): ComputeConfig {
  return loadComputeConfig({ ...inject("computeEnv"), BATCH_ROWS: "100", ...overrides });
}

export function randomPrefix(): string {
  return `users/usr_test/tasks/tsk_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}/`;
}

export function jobFor(
  prefix: string,
  input: { key: string; size: number; format?: Job["inputs"]["primary"]["format"] },
  extra: Partial<Job> = {},
): Job {
  return {
    job_id: `job_${prefix.length}`,
    task_id: prefix.split("/")[3],
    user_id: "usr_test",
    tool_id: "profile-my-data",
    agents: ["unified-profiler", "drift-detector", "score-risk", "governance-checker", "test-coverage-agent", "readiness-rater"],
    attempt: 1,
    inputs: { primary: { key: input.key, format: input.format ?? "csv", size_bytes: input.size } },
    output_prefix: `${prefix}outputs/`,
    callback_url: "http://127.0.0.1:9/",
    deadline: new Date(Date.now() + 600_000).toISOString(),
    ...extra,
  };
}

export type HookEvent = { type: "started"; agentId: string } | { type: "completed"; agentId: string; outcome: AgentOutcome };

export function recordingHooks(stopAfter?: string): RunHooks & { events: HookEvent[]; percents: number[] } {
  const events: HookEvent[] = [];
  const percents: number[] = [];
  return {
    events,
    percents,
    async agentStarted(agentId) {
      events.push({ type: "started", agentId });
      return true;
    },
    progress(percent) {
      percents.push(percent);
    },
    async agentCompleted(agentId, outcome) {
      events.push({ type: "completed", agentId, outcome });
      return agentId !== stopAfter;
    },
  };
}

export async function bytesOf(b2: B2, key: string): Promise<Uint8Array> {
  const reader = (await b2.getStream(key)).getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}
