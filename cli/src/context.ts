/** What every command receives: how to reach the service, where to write, how to ask. */
import type { ApiClient } from "./api-client.js";
import type { Prompter } from "./prompt.js";
import type { Reporter } from "./reporter.js";

export interface CommandContext {
  /** The service, with the credential the environment or the stored session gives. */
  client: ApiClient;
  configDir: string;
  env: NodeJS.ProcessEnv;
  json: boolean;
  /** Progress on standard error (nothing with --json). */
  reporter: Reporter;
  /** Standard output: the summary, or with --json the one JSON document. */
  print(text: string): void;
  prompt: Prompter;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;
  /** Resolves to the exit code. */
  run(ctx: CommandContext, values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number>;
}
