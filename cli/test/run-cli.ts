/** Runs the real `agensium` bin as a child process, without a terminal, as a CI step would. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ulid } from "@agensium/shared";
import { inject } from "vitest";
import { testDb } from "../../test/support/users.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const BIN = join(inject("projectRoot"), "cli/bin/agensium.mjs");

export function runCli(args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AGENSIUM_URL: inject("edgeUrl"), ...options.env };
    delete env.AGENSIUM_API_KEY;
    if (options.env?.AGENSIUM_API_KEY) env.AGENSIUM_API_KEY = options.env.AGENSIUM_API_KEY;
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

export const freshDir = (label: string) => mkdtempSync(join(tmpdir(), `agensium-cli-${label}-`));

/** Credits for a signed-up user, through the ledger as every grant goes. */
export async function grantCredits(userId: string, credits: number): Promise<void> {
  const db = testDb();
  await db.query("INSERT INTO credit_transactions (id, user_id, delta_credits, type, reason) VALUES (?, ?, ?, 'GRANT', ?)", [
    ulid(),
    userId,
    credits,
    "test grant",
  ]);
  await db.query("UPDATE credit_wallets SET balance_credits = balance_credits + ? WHERE user_id = ?", [credits, userId]);
}
