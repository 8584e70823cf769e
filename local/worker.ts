/**
 * Runs the edge worker in Miniflare (workerd), configured from wrangler.toml exactly as
 * `wrangler dev` would (queues, cron, compatibility), with variables pointing at the local stack.
 * Used by the tests; `npm run dev` uses `wrangler dev` itself. The [assets] block comes along in
 * workerOptions, so Miniflare serves console/dist (build it first: local/console-build.ts)
 * exactly as Workers static assets do.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { buildConsole } from "./console-build.js";

export interface RunningWorker {
  url: string;
  miniflare: Miniflare;
  close(): Promise<void>;
}

export async function bundleWorker(projectRoot: string, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, "index.js");
  await build({
    entryPoints: [join(projectRoot, "edge/src/index.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: ["node:*", "cloudflare:*"],
    sourcemap: "inline",
    logLevel: "error",
  });
  return outfile;
}

export async function startWorker(options: {
  projectRoot: string;
  vars: Record<string, string>;
  port?: number;
  persistDir?: string;
  /** Drop the worker's stdout (one JSON line per request); stderr is always shown. */
  quiet?: boolean;
  /** Receives every stdout line of the worker (its request log), whether or not it is shown. */
  onLog?: (line: string) => void;
  /** Opens workerd's V8 inspector on this port (a CPU profile of the worker: compute/bench/load.ts --cpu-prof). */
  inspectorPort?: number;
}): Promise<RunningWorker> {
  // wrangler.toml's [assets] (the console, /docs' files) must exist before Miniflare starts;
  // buildConsole returns at once when the build is current.
  await buildConsole(options.projectRoot);
  const scriptPath = await bundleWorker(options.projectRoot, join(options.projectRoot, ".local", `edge-bundle-${process.pid}`));
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(options.projectRoot, "wrangler.toml"));
  const miniflare = new Miniflare({
    ...(workerOptions as object),
    name: "agensium-edge",
    modules: true,
    scriptPath,
    bindings: { ...(workerOptions.bindings as Record<string, string>), ...options.vars },
    host: "127.0.0.1",
    port: options.port ?? 0,
    unsafeTriggerHandlers: true,
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      if (options.onLog) {
        let pending = "";
        stdout.on("data", (chunk: Buffer) => {
          const lines = (pending + chunk.toString()).split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) options.onLog?.(line);
        });
      }
      if (options.quiet) stdout.resume();
      else stdout.pipe(process.stdout);
      stderr.pipe(process.stderr);
    },
    ...(options.persistDir ? { defaultPersistRoot: options.persistDir } : {}),
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
  } as ConstructorParameters<typeof Miniflare>[0]);
  const url = (await miniflare.ready).toString().replace(/\/$/, "");
  return {
    url,
    miniflare,
    async close() {
      await miniflare.dispose();
    },
  };
}
