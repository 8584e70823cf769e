/**
 * There is no Docker engine here, so this test performs what Dockerfile.compute performs:
 * it parses the file, runs the build stage's steps (bundle) and the runtime stage's steps
 * (production-only install, copy of the bundle) in temporary folders, starts the image's CMD
 * with the image's ENV on a free port, and checks /health and the HEALTHCHECK command.
 *
 * One deliberate difference: the build stage's `npm ci` (dev dependencies) is satisfied by
 * the repository's installed node_modules; the runtime `npm ci --omit=dev` runs as written.
 * `npm cache clean` is skipped: it only shrinks the image and would empty the shared cache.
 */
import { type ChildProcess, execSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { COMPUTE_PROCESS_ENV } from "../../src/process-env.js";

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  image: string;
  name: string;
  steps: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const joined = text.replace(/\\\n/g, " ");
  const stages: Stage[] = [];
  for (const raw of joined.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (op.toUpperCase() === "FROM") {
      const [image, , name] = args.split(/\s+/);
      stages.push({ image, name: name ?? String(stages.length), steps: [] });
    } else stages.at(-1)?.steps.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const step of stage.steps.filter((s) => s.op === "ENV")) {
    for (const pair of step.args.split(/\s+/)) {
      const [key, value] = pair.split("=");
      env[key] = value;
    }
  }
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const root = inject("projectRoot");
const dockerfile = parseDockerfile(readFileSync(join(root, "Dockerfile.compute"), "utf8"));
const work = mkdtempSync(join(tmpdir(), "dockerfile-test-"));
let server: ChildProcess | undefined;

afterAll(() => {
  if (server?.pid) process.kill(server.pid);
  rmSync(work, { recursive: true, force: true });
});

/** Runs one stage's WORKDIR/COPY/RUN steps in `dir` (standing in for the stage's /app). */
function runStage(stage: Stage, dir: string, stageDirs: Record<string, string>) {
  mkdirSync(dir, { recursive: true });
  for (const step of stage.steps) {
    if (step.op === "COPY") {
      const parts = step.args.split(/\s+/);
      const from = parts[0].startsWith("--from=") ? parts.shift()?.slice("--from=".length) : undefined;
      const dest = parts.pop() as string;
      for (const source of parts) {
        const origin = from ? join(stageDirs[from], source.replace(/^\/app\//, "")) : join(root, source);
        const target =
          dest.endsWith("/") || dest === "./"
            ? join(dir, dest, source.split("/").pop() as string)
            : join(dir, dest.replace(/^\/app\//, ""));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(origin, target, { recursive: true });
      }
    } else if (step.op === "RUN") {
      for (const command of step.args.split("&&").map((c) => c.trim())) {
        if (command.startsWith("npm cache clean")) continue;
        if (command.startsWith("npm ci") && !command.includes("--omit=dev")) {
          symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
          continue;
        }
        const run = command.startsWith("npm ci") ? `${command} --prefer-offline --no-audit --no-fund` : command;
        execSync(run, { cwd: dir, stdio: "pipe", timeout: 120_000 });
      }
    }
  }
}

describe("Dockerfile.compute", () => {
  it("is a multi-stage node:22-slim build that runs as a non-root user with a health check", () => {
    expect(dockerfile.map((s) => s.image)).toEqual(["node:22-slim", "node:22-slim"]);
    const runtime = dockerfile[1];
    const user = runtime.steps.filter((s) => s.op === "USER").at(-1)?.args;
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    expect(runtime.steps.find((s) => s.op === "HEALTHCHECK")?.args).toContain("/health");
    expect(runtime.steps.some((s) => s.op === "RUN" && s.args.includes("npm ci --omit=dev"))).toBe(true);
    expect(envOf(runtime).PORT).toBeDefined();
  });

  it("starts compute with the process environment the local stack and the benchmark use", () => {
    expect(envOf(dockerfile[1])).toMatchObject(COMPUTE_PROCESS_ENV);
  });

  it("builds, installs production dependencies only, starts on $PORT and answers /health with 200", async () => {
    const [buildStage, runtimeStage] = dockerfile;
    const dirs = { [buildStage.name]: join(work, "build"), [runtimeStage.name]: join(work, "runtime") };
    runStage(buildStage, dirs[buildStage.name], dirs);
    expect(existsSync(join(dirs[buildStage.name], "compute/dist/server.js"))).toBe(true);
    runStage(runtimeStage, dirs[runtimeStage.name], dirs);
    const runtimeModules = join(dirs[runtimeStage.name], "node_modules");
    expect(existsSync(join(runtimeModules, "apache-arrow"))).toBe(true);
    expect(existsSync(join(runtimeModules, "esbuild"))).toBe(false);
    expect(existsSync(join(runtimeModules, "vitest"))).toBe(false);

    const port = await freePort();
    const env = { PATH: process.env.PATH ?? "", ...envOf(runtimeStage), PORT: String(port), SPILL_DIR: work };
    const cmd = JSON.parse(runtimeStage.steps.filter((s) => s.op === "CMD").at(-1)?.args ?? "[]") as string[];
    server = spawn(cmd[0], cmd.slice(1), { cwd: dirs[runtimeStage.name], env, stdio: "pipe" });
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      status = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);

    const healthcheck = runtimeStage.steps.find((s) => s.op === "HEALTHCHECK")?.args ?? "";
    const check = JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD") + 3).trim()) as string[];
    expect(() => execSync(check.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" "), { env, stdio: "pipe" })).not.toThrow();
  }, 180_000);
});
