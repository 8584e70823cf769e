import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { AgentOutput } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { folderStore } from "../../src/engine/object-store.js";
import { runToolOnStore } from "../../src/engine/run-tool.js";
import { jobFor, recordingHooks, testConfig } from "../engine/b2-run.js";

const AGENTS = ["unified-profiler", "score-risk", "governance-checker"];

async function profile(parameters: unknown) {
  const root = mkdtempSync(join(tmpdir(), "withhold-"));
  const prefix = `users/usr_test/tasks/tsk_${Math.random().toString(36).slice(2, 10)}/`;
  const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},person${i}@example.com,${(i * 2.5).toFixed(1)}`);
  const csv = ["id,email,amount", ...rows].join("\n");
  const key = `${prefix}inputs/primary.csv`;
  mkdirSync(dirname(join(root, key)), { recursive: true });
  writeFileSync(join(root, key), csv);
  const parametersKey = `${prefix}parameters.json`;
  writeFileSync(join(root, parametersKey), JSON.stringify(parameters));
  const job = jobFor(prefix, { key, size: Buffer.byteLength(csv) }, { agents: AGENTS, parameters_key: parametersKey });
  await runToolOnStore({
    job,
    store: folderStore(root),
    config: testConfig({}),
    signal: new AbortController().signal,
    hooks: recordingHooks(),
  });
  const report = JSON.parse(readFileSync(join(root, job.output_prefix, "report.json"), "utf8"));
  const profiler = report.agents.find((a: AgentOutput) => a.agent_id === "unified-profiler");
  return Object.fromEntries(profiler.data.columns.map((c: Record<string, unknown>) => [c.name, c]));
}

describe("PII statistics in the report", () => {
  it("are withheld by default for the columns governance flags, keeping their counts", async () => {
    const columns = await profile({});
    expect(columns.email.statistics_withheld).toBe(true);
    expect(columns.email.count).toBe(40);
    expect(columns.email.distinct).toBe(40);
    for (const field of ["min", "max", "top_values", "patterns"]) expect(columns.email).not.toHaveProperty(field);
    // A column with no personal data keeps everything: 0, 2.5, …, 97.5.
    expect(columns.amount.statistics_withheld).toBeUndefined();
    expect(columns.amount.min).toBe(0);
    expect(columns.amount.max).toBe(97.5);
  });

  it("are shown (still masked) when the user turns withholding off", async () => {
    const columns = await profile({ "governance-checker": { withhold_pii_statistics: false } });
    expect(columns.email.statistics_withheld).toBeUndefined();
    expect(columns.email.top_values.length).toBeGreaterThan(0);
    for (const { value } of columns.email.top_values) expect(value).not.toMatch(/^person\d+@example\.com$/);
  });
});
