/**
 * A worker of a test file's own, for paths that need other settings than the shared one (its own
 * compute, a database behind a proxy): the shared test variables plus `vars`, on a free port.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { freePort } from "../../local/stack.js";
import { startWorker } from "../../local/worker.js";

export interface DedicatedWorker {
  base: string;
  close(): Promise<void>;
}

export async function startDedicatedWorker(
  vars: Record<string, string>,
  options: { onLog?: (line: string) => void } = {},
): Promise<DedicatedWorker> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const worker = await startWorker({
    projectRoot: inject("projectRoot"),
    port,
    quiet: true,
    onLog: options.onLog,
    vars: { ...inject("edgeVars"), PUBLIC_URL: base, ...vars },
  });
  return {
    base,
    async close() {
      await worker.close();
      rmSync(join(inject("projectRoot"), ".local", `edge-bundle-${process.pid}`), { recursive: true, force: true });
    },
  };
}
