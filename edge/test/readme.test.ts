/**
 * README.md's "Your first analysis" is run as written: the shell blocks between its markers,
 * in order, by bash with curl and jq against the test stack's edge. If the README drifts from
 * the API, this fails.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTool } from "@agensium/shared";
import { expect, inject, it } from "vitest";
import { edgeUrl } from "../../test/support/http.js";

function walkCommands(readme: string): string {
  const start = readme.indexOf("<!-- first-analysis:start -->");
  const end = readme.indexOf("<!-- first-analysis:end -->");
  expect(start, "README.md has the first-analysis markers").toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const blocks = [...readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  return blocks.join("\n");
}

function runBash(script: string, cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "bash",
      ["-euo", "pipefail", "-c", script],
      { cwd, env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it("the README's first analysis runs as written, from sign-up to the downloaded report", async () => {
  const readme = readFileSync(join(inject("projectRoot"), "README.md"), "utf8");
  const script = walkCommands(readme);
  const dir = mkdtempSync(join(tmpdir(), "agensium-readme-"));
  try {
    const run = await runBash(script, dir, { API: edgeUrl() });
    expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);

    // The event stream ran to the end: its last status event is the completed task.
    const statuses = [...run.stdout.matchAll(/^data: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toMatchObject({ status: "COMPLETED", progress: 100 });

    // The report it downloaded is the task's: one section per agent of the tool, in tool order.
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report.task_id).toBe(statuses.at(-1).task_id);
    const toolAgents = findTool("profile-my-data")?.agents.map((a) => a.id);
    expect(report.agents.map((a: { agent_id: string }) => a.agent_id)).toEqual(toolAgents);
    expect(run.stdout).toContain("report.json");
    // The uploaded file is what was profiled: four data rows.
    expect(report.inputs[0]).toMatchObject({ role: "primary", rows: 4, columns: ["id", "name", "email", "amount"] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);
