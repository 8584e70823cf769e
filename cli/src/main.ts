/**
 * The agensium command line: `agensium COMMAND [options]`. Commands are one file each under
 * commands/; this file parses the common flags, builds the client and turns errors into exit
 * codes (see EXIT in cli-error.ts).
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { resolveClient } from "./api-client.js";
import { CliError, EXIT } from "./cli-error.js";
import { downloadCommand } from "./commands/download.js";
import { loginCommand } from "./commands/login.js";
import { logoutCommand } from "./commands/logout.js";
import { runCommand } from "./commands/run.js";
import { statusCommand } from "./commands/status.js";
import { tasksCommand } from "./commands/tasks.js";
import { walletCommand } from "./commands/wallet.js";
import type { Command } from "./context.js";
import { configDir } from "./credentials.js";
import { createPrompter } from "./prompt.js";
import { createReporter } from "./reporter.js";

const COMMANDS: Command[] = [loginCommand, logoutCommand, runCommand, tasksCommand, statusCommand, downloadCommand, walletCommand];

const COMMON_OPTIONS = {
  url: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "agensium — profile, clean and master data files from a terminal or a pipeline",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options for every command: --url URL (else AGENSIUM_URL), --json (one JSON document on stdout), --help",
    "Credentials: AGENSIUM_API_KEY when set, else the session `agensium login` stored.",
    "Exit codes: 0 done, 1 failed, 2 wrong usage, 3 quality gate (--fail-under) not met.",
  ].join("\n");
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  const print = (text: string) => process.stdout.write(`${text}\n`);
  if (!name || name === "help" || name === "--help" || name === "-h") {
    print(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`agensium: unknown command ${JSON.stringify(name)}\n\n${help()}\n`);
    return EXIT.usage;
  }

  let json = rest.includes("--json");
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...COMMON_OPTIONS, ...command.options } as ParseArgsConfig["options"],
      allowPositionals: true,
      strict: true,
    });
    const values = parsed.values as Record<string, string | boolean | undefined>;
    const positionals = parsed.positionals;
    json = Boolean(values.json);
    if (values.help) {
      print(`usage: ${command.usage}\n${command.summary}`);
      return EXIT.ok;
    }
    const dir = configDir(env);
    const client = resolveClient({ url: values.url as string | undefined, configDir: dir, env });
    const mode = json ? "silent" : process.stderr.isTTY && env.TERM !== "dumb" ? "tty" : "plain";
    return await command.run(
      { client, configDir: dir, env, json, reporter: createReporter(mode), print, prompt: createPrompter() },
      values,
      positionals,
    );
  } catch (err) {
    const error =
      err instanceof CliError
        ? err
        : err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")
          ? new CliError(`${err.message}\nusage: ${command.usage}`, EXIT.usage, "USAGE")
          : new CliError((err as Error).message ?? String(err));
    if (json) print(JSON.stringify({ error: { code: error.code ?? "CLI_ERROR", message: error.message } }));
    else process.stderr.write(`agensium ${name}: ${error.message}\n`);
    return error.exitCode;
  }
}
