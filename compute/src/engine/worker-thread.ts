/**
 * Starts a worker thread that talks with its parent for the whole of its life (messages both
 * ways, buffers transferred), bundled or from source. column-threads.ts's one-shot scans
 * (progress, then a result) start theirs here too.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type ResourceLimits, Worker } from "node:worker_threads";

interface TsxManifest {
  exports: { "./esm/api": { import: { default: string } } };
}

/**
 * The code of a worker that loads a TypeScript script (development and tests run the sources):
 * Node 20 does not hand a --import loader to worker threads, so the worker loads tsx's importer first.
 */
function typescriptLoader(script: URL): string {
  // The ESM build of tsx's API, as its package.json exports it (require.resolve would give the CommonJS one).
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const exported = (JSON.parse(readFileSync(manifest, "utf8")) as TsxManifest).exports["./esm/api"].import.default;
  const tsx = pathToFileURL(join(dirname(manifest), exported)).href;
  return `import(${JSON.stringify(tsx)}).then((m) => (m.tsImport ?? m.default.tsImport)(${JSON.stringify(script.href)}, ${JSON.stringify(tsx)}));`;
}

/**
 * A worker running `script` (a .ts source under tsx, or a bundled .js/.mjs) with `workerData`,
 * and the V8 heap limits a caller may give it (Node's defaults when absent).
 */
/**
 * Resource limits for the scan workers (the profiler's column groups, score-risk's PII ranges).
 * Their garbage is short-lived (a batch's strings and views), so a 16 MiB young generation costs
 * no measurable CPU and keeps ~20–30 MiB per worker off the run's peak RSS on a 1M-row file
 * against V8's default (12 and 24 MiB measured alike).
 */
export const SCAN_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 16 };

export function startWorker(script: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  return script.pathname.endsWith(".ts")
    ? new Worker(typescriptLoader(script), { eval: true, workerData, resourceLimits })
    : new Worker(script, { workerData, resourceLimits });
}

/**
 * Runs `script` in a worker for its one message, the result: rejects when the worker fails or
 * stops first, and stops the worker when `signal` aborts.
 */
export function runWorkerOnce<T>(script: URL, workerData: unknown, signal?: AbortSignal, resourceLimits?: ResourceLimits): Promise<T> {
  signal?.throwIfAborted();
  const worker = startWorker(script, workerData, resourceLimits);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      done();
    };
    const onAbort = () => {
      settle(() => reject(signal?.reason));
      void worker.terminate();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (result: T) => {
      settle(() => resolve(result));
      void worker.terminate();
    });
    worker.once("error", (err) => settle(() => reject(err)));
    worker.once("exit", (code) => settle(() => reject(new Error(`A worker stopped (exit code ${code}) before its result`))));
  });
}
