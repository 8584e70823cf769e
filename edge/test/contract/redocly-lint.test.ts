/**
 * The served /openapi.json passes Redocly's recommended rules (redocly.yaml at the repository
 * root), linted by the pinned @redocly/cli from a file written from the running worker's answer.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { api, edgeUrl } from "../../../test/support/http.js";

const run = promisify(execFile);
const projectRoot = inject("projectRoot");
const dir = mkdtempSync(join(tmpdir(), "agensium-openapi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { pointer: string }[];
}

/** Runs `redocly lint` on the document; no telemetry or update check, so nothing leaves the machine. */
async function lint(document: unknown): Promise<{ exitCode: number; problems: LintProblem[] }> {
  const file = join(dir, `openapi-${crypto.randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(document, null, 2));
  const bin = join(projectRoot, "node_modules", "@redocly", "cli", "bin", "cli.js");
  const args = [bin, "lint", file, "--config", join(projectRoot, "redocly.yaml"), "--format", "json"];
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
  try {
    const { stdout } = await run(process.execPath, args, { env, cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return { exitCode: 0, problems: (JSON.parse(stdout) as { problems: LintProblem[] }).problems };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    if (!failed.stdout) throw new Error(`redocly lint did not run: ${failed.stderr}`);
    return { exitCode: failed.code ?? 1, problems: (JSON.parse(failed.stdout) as { problems: LintProblem[] }).problems };
  }
}

const describeProblems = (problems: LintProblem[]) =>
  problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);

describe("the served OpenAPI document", () => {
  it("passes redocly lint with the recommended rules, without errors or warnings", async () => {
    const res = await api("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const { exitCode, problems } = await lint(res.body);
    expect(describeProblems(problems)).toEqual([]);
    expect(exitCode).toBe(0);
  }, 120_000);

  it("is failed by the same lint when an operation loses its operationId or security", async () => {
    const res = await api("GET", "/openapi.json");
    const broken = structuredClone(res.body);
    delete broken.paths["/tasks"].get.operationId;
    delete broken.paths["/tasks/{id}"].get.security;
    const { exitCode, problems } = await lint(broken);
    expect(exitCode).not.toBe(0);
    const rules = problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ""}`);
    expect(rules).toContain("operation-operationId #/paths/~1tasks/get/operationId");
    expect(rules).toContain("security-defined #/paths/~1tasks~1{id}/get");
  }, 120_000);

  it("lists a 4xx answer on every operation but GET /tools, which takes no input and no token", async () => {
    const res = await api("GET", "/openapi.json");
    const without4xx: string[] = [];
    for (const [path, item] of Object.entries(res.body.paths as Record<string, Record<string, { responses: object }>>)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!Object.keys(operation.responses).some((status) => status.startsWith("4"))) without4xx.push(`${method} ${path}`);
      }
    }
    expect(without4xx).toEqual(["get /tools"]);
  });

  it("names this server first, then the local development server, and a camelCase operationId on every operation", async () => {
    const res = await api("GET", "/openapi.json");
    const urls = (res.body.servers as { url: string }[]).map((server) => server.url);
    expect(urls[0]).toBe(edgeUrl());
    expect(urls).toContain("http://127.0.0.1:8787");
    const ids: string[] = [];
    for (const item of Object.values(res.body.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const operation of Object.values(item)) ids.push(operation.operationId);
    }
    expect(ids.every((id) => /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
