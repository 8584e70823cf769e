/**
 * The agensium CLI against the running stack, spawned as a CI step would run it (no terminal):
 * login keeps a private session, run uploads/processes/follows/downloads, the quality gate
 * decides the exit code, --json gives one document, and errors name the service's codes.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCodeFor, type SignedUpUser, signUp, signUpAndVerify } from "../../test/support/auth-flow.js";
import { type DedicatedWorker, startDedicatedWorker } from "../../test/support/dedicated-worker.js";
import { api } from "../../test/support/http.js";
import { freshDir, grantCredits, runCli } from "./run-cli.js";

/** 2,000 rows; every third amount is missing, so completeness — and readiness — is below 100. */
function csvWithGaps(rows = 2_000): string {
  const lines = ["id,name,amount,city"];
  for (let i = 1; i <= rows; i++)
    lines.push(`${i},customer ${i % 311},${i % 3 === 0 ? "" : ((i * 37) % 1000) + 0.5},${["Paris", "Lyon", "Nice"][i % 3]}`);
  return `${lines.join("\n")}\n`;
}

function readReportScore(folder: string): number {
  const report = JSON.parse(readFileSync(join(folder, "report.json"), "utf8"));
  return report.agents.find((a: { agent_id: string }) => a.agent_id === "readiness-rater").data.overall;
}

let user: SignedUpUser;
let configDir: string;
let work: string;
let csvPath: string;

beforeAll(async () => {
  user = await signUpAndVerify();
  await grantCredits(user.userId, 1_000);
  configDir = freshDir("config");
  work = freshDir("work");
  csvPath = join(work, "customers.csv");
  writeFileSync(csvPath, csvWithGaps());
  const login = await runCli(["login", "--email", user.email, "--password-stdin"], {
    env: { AGENSIUM_CONFIG_DIR: configDir },
    input: `${user.password}\n`,
  });
  expect(login.code, login.stderr).toBe(0);
}, 120_000);

const env = () => ({ AGENSIUM_CONFIG_DIR: configDir });

// Each case spawns the CLI a few times and runs real tasks: generous limits for a loaded machine.
describe("agensium login", { timeout: 120_000 }, () => {
  it("keeps the session in a file only the user can read, and later commands use it", async () => {
    const file = join(configDir, "credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, "utf8")).email).toBe(user.email);

    const wallet = await runCli(["wallet", "--json"], { env: env() });
    expect(wallet.code, wallet.stderr).toBe(0);
    const served = await api("GET", "/billing/wallet", { token: user.accessToken });
    expect(JSON.parse(wallet.stdout).balance_credits).toBe(served.body.balance_credits);
  });

  it("verifies a new address with the mailed code", async () => {
    const fresh = await signUp();
    const dir = freshDir("verify");
    const code = await latestCodeFor(fresh.email);
    const res = await runCli(["login", "--email", fresh.email, "--code", code], {
      env: { AGENSIUM_CONFIG_DIR: dir, AGENSIUM_PASSWORD: fresh.password },
    });
    expect(res.code, res.stderr).toBe(0);
    const wallet = await runCli(["wallet", "--json"], { env: { AGENSIUM_CONFIG_DIR: dir } });
    expect(wallet.code, wallet.stderr).toBe(0);
  });

  it("refuses a wrong password with the service's code and keeps no session", async () => {
    const dir = freshDir("wrong");
    const res = await runCli(["login", "--email", user.email, "--password-stdin"], {
      env: { AGENSIUM_CONFIG_DIR: dir },
      input: "not-the-password",
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("AUTH_INVALID_CREDENTIALS");
    expect(readdirSync(dir)).not.toContain("credentials.json");
  });

  it("refreshes an expired access token once for two commands running at the same time", async () => {
    const dir = freshDir("parallel");
    const login = await runCli(["login", "--email", user.email, "--password-stdin"], {
      env: { AGENSIUM_CONFIG_DIR: dir },
      input: user.password,
    });
    expect(login.code, login.stderr).toBe(0);
    const file = join(dir, "credentials.json");
    const stored = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...stored, access_expires_at: 0 }), { mode: 0o600 });
    // Presenting one refresh token twice would revoke the session: both must still succeed.
    const [a, b] = await Promise.all([
      runCli(["wallet"], { env: { AGENSIUM_CONFIG_DIR: dir } }),
      runCli(["wallet"], { env: { AGENSIUM_CONFIG_DIR: dir } }),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const after = await runCli(["wallet"], { env: { AGENSIUM_CONFIG_DIR: dir } });
    expect(after.code, after.stderr).toBe(0);
  });

  it("logs out: the file is gone and the service refuses the old refresh token", async () => {
    const dir = freshDir("logout");
    await runCli(["login", "--email", user.email, "--password-stdin"], { env: { AGENSIUM_CONFIG_DIR: dir }, input: user.password });
    const refreshToken = JSON.parse(readFileSync(join(dir, "credentials.json"), "utf8")).refresh_token;
    const res = await runCli(["logout"], { env: { AGENSIUM_CONFIG_DIR: dir } });
    expect(res.code, res.stderr).toBe(0);
    expect(readdirSync(dir)).not.toContain("credentials.json");
    const refresh = await api("POST", "/auth/refresh", { body: { refresh_token: refreshToken } });
    expect(refresh.status).toBe(401);
  });
});

describe("agensium run", { timeout: 120_000 }, () => {
  let taskId: string;
  let folder: string;
  let score: number;

  it("runs a tool, downloads every output and reports the readiness score as JSON", async () => {
    folder = join(work, "out-json");
    const res = await runCli(["run", csvPath, "--tool", "profile-my-data", "--out", folder, "--json", "--fail-under", "1"], { env: env() });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    const result = JSON.parse(res.stdout);
    taskId = result.task_id;
    expect(result.status).toBe("COMPLETED");
    // Every listed file is on disk with the size the service listed.
    const served = await api("GET", `/tasks/${taskId}/downloads`, { token: user.accessToken });
    expect(result.files.map((f: { file_name: string }) => f.file_name).sort()).toEqual(
      served.body.downloads.map((d: { file_name: string }) => d.file_name).sort(),
    );
    for (const file of result.files) expect(statSync(file.path).size).toBe(file.size_bytes);
    score = readReportScore(folder);
    expect(score).toBeLessThan(100);
    expect(result.readiness.score).toBe(score);
    expect(result.gate).toMatchObject({ threshold: 1, passed: true });
  });

  it("fails the quality gate with exit code 3 when the score is below it", async () => {
    const res = await runCli(
      [
        "run",
        csvPath,
        "--tool",
        "profile-my-data",
        "--agents",
        "unified-profiler,readiness-rater",
        "--out",
        join(work, "gate"),
        "--fail-under",
        "100",
      ],
      {
        env: env(),
      },
    );
    expect(res.code, res.stderr).toBe(3);
    const gateScore = readReportScore(join(work, "gate"));
    expect(gateScore).toBeLessThan(100);
    expect(res.stdout).toContain(`Quality gate: ${gateScore} < 100, failed`);
  });

  it("writes plain lines without a terminal: agent by agent, no escape codes or redraws", async () => {
    const res = await runCli(
      ["run", csvPath, "--tool", "profile-my-data", "--agents", "unified-profiler,readiness-rater", "--out", join(work, "plain")],
      { env: env() },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/^upload customers\.csv .*\(100%\)$/m);
    expect(res.stderr).toMatch(/^status QUEUED$|^status PROCESSING$/m);
    // Each agent is reported once as it ends, in the tool's order.
    const ended = [...res.stderr.matchAll(/^agent (\S+) done$/gm)].map((m) => m[1]);
    expect(ended).toEqual(["unified-profiler", "readiness-rater"]);
    const output = res.stderr + res.stdout;
    expect(output.includes("\r") || output.includes(String.fromCharCode(27))).toBe(false);
    expect(res.stdout).toMatch(/^Task tsk_\S+ COMPLETED in [\d.]+ s \(profile-my-data, 2,000 rows × 4 columns\)$/m);
    expect(res.stdout).toMatch(/^Readiness [\d.]+\/100/m);
  });

  it("lists, shows and downloads the task again", async () => {
    const tasks = await runCli(["tasks", "--json", "--limit", "10"], { env: env() });
    expect(tasks.code, tasks.stderr).toBe(0);
    expect(JSON.parse(tasks.stdout).items.map((t: { task_id: string }) => t.task_id)).toContain(taskId);

    const status = await runCli(["status", taskId], { env: env() });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`Task ${taskId} COMPLETED`);
    expect(status.stdout).toMatch(/✓ unified-profiler/);

    const again = join(work, "again");
    const download = await runCli(["download", taskId, "--out", again], { env: env() });
    expect(download.code, download.stderr).toBe(0);
    expect(readdirSync(again).sort()).toEqual(readdirSync(folder).sort());
    expect(readFileSync(join(again, "report.json"))).toEqual(readFileSync(join(folder, "report.json")));
  });

  it("names what is wrong: usage errors exit 2, refusals exit 1 with the service's code", async () => {
    const missing = await runCli(["run", join(work, "nope.csv"), "--tool", "profile-my-data"], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");

    const unknownTool = await runCli(["run", csvPath, "--tool", "no-such-tool", "--json"], { env: env() });
    expect(unknownTool.code).toBe(1);
    expect(JSON.parse(unknownTool.stdout).error.code).toBe("TOOL_NOT_FOUND");

    const noScore = await runCli(["run", csvPath, "--tool", "clean-my-data", "--fail-under", "50"], { env: env() });
    expect(noScore.code).toBe(2);
    expect(noScore.stderr).toContain("readiness");

    const signedOut = await runCli(["wallet"], { env: { AGENSIUM_CONFIG_DIR: freshDir("none") } });
    expect(signedOut.code).toBe(1);
    expect(signedOut.stderr).toContain("Not signed in");

    const badKey = await runCli(["wallet"], {
      env: { AGENSIUM_CONFIG_DIR: freshDir("key"), AGENSIUM_API_KEY: `agk_live_${"x".repeat(43)}` },
    });
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toContain("AUTH_INVALID_TOKEN");
  });

  it("uses AGENSIUM_API_KEY instead of a session, within the key's scopes", async () => {
    const created = await api("POST", "/api-keys", {
      token: user.accessToken,
      body: { name: "ci", scopes: ["tasks:read", "billing:read"] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const keyEnv = { AGENSIUM_CONFIG_DIR: freshDir("apikey"), AGENSIUM_API_KEY: created.body.key };
    const wallet = await runCli(["wallet", "--json"], { env: keyEnv });
    expect(wallet.code, wallet.stderr).toBe(0);
    const served = await api("GET", "/billing/wallet", { token: user.accessToken });
    expect(JSON.parse(wallet.stdout).balance_credits).toBe(served.body.balance_credits);
    const status = await runCli(["status", taskId], { env: keyEnv });
    expect(status.code, status.stderr).toBe(0);
    // A read-only key cannot start a run.
    const run = await runCli(["run", csvPath, "--tool", "profile-my-data"], { env: keyEnv });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("AUTH_SCOPE_FORBIDDEN");
  });
});

describe("agensium run with a multipart upload", { timeout: 120_000 }, () => {
  let worker: DedicatedWorker;

  beforeAll(async () => {
    worker = await startDedicatedWorker({ MULTIPART_THRESHOLD_BYTES: String(1024 * 1024) });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
  });

  it("uploads a file larger than the threshold in parts and completes the task", async () => {
    const dir = freshDir("multipart");
    const login = await runCli(["login", "--email", user.email, "--password-stdin", "--url", worker.base], {
      env: { AGENSIUM_CONFIG_DIR: dir },
      input: user.password,
    });
    expect(login.code, login.stderr).toBe(0);
    const big = join(work, "big.csv");
    writeFileSync(big, csvWithGaps(200_000));
    const size = statSync(big).size;
    expect(size).toBeGreaterThan(5 * 1024 * 1024);
    const res = await runCli(
      ["run", big, "--tool", "profile-my-data", "--agents", "unified-profiler", "--out", join(work, "big-out"), "--json"],
      {
        env: { AGENSIUM_CONFIG_DIR: dir, AGENSIUM_URL: worker.base },
      },
    );
    expect(res.code, res.stderr + res.stdout).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result.status).toBe("COMPLETED");
    expect(result.result_summary.rows).toBe(200_000);
  });
});
