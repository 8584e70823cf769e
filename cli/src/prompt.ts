/** Questions to the person at the terminal; a pipeline must pass the answers as flags or variables. */
import { createInterface } from "node:readline";
import { usageError } from "./cli-error.js";

export interface Prompter {
  interactive: boolean;
  ask(question: string, options?: { hidden?: boolean; flag: string }): Promise<string>;
  /** Everything on standard input (for --password-stdin). */
  readStdin(): Promise<string>;
}

export function createPrompter(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Prompter {
  const interactive = Boolean(input.isTTY && output.isTTY);
  return {
    interactive,
    async ask(question, options) {
      if (!interactive) throw usageError(`${question.replace(/:\s*$/, "")} is needed: pass ${options?.flag ?? "it as a flag"}`);
      const rl = createInterface({ input, output, terminal: true });
      if (options?.hidden) {
        // Echo nothing of what is typed after the question.
        const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
        (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
          if (s.includes(question)) write(s);
        };
      }
      try {
        return await new Promise<string>((resolve) => rl.question(question, resolve));
      } finally {
        if (options?.hidden) output.write("\n");
        rl.close();
      }
    },
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of input) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}
