/**
 * Bundles the compute service into dist/server.js with esbuild. The workspace package
 * @agensium/shared (TypeScript source) is bundled in; npm dependencies stay external and
 * come from `npm ci --omit=dev` in the runtime image.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const outdir = process.env.COMPUTE_BUILD_OUTDIR ?? join(here, "dist");
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !name.startsWith("@agensium/"));
const { "//": _about, ...workers } = JSON.parse(readFileSync(join(here, "worker-entries.json"), "utf8"));

await build({
  // Worker threads' scripts are entry points of their own, beside server.js: the server starts
  // job-thread by file name; the agents start theirs by name (worker-entries.json, engine/column-threads.ts).
  entryPoints: {
    server: join(here, "src/server.ts"),
    "job-thread": join(here, "src/jobs/job-thread.ts"),
    cli: join(here, "src/cli.ts"),
    ...Object.fromEntries(Object.entries(workers).map(([name, source]) => [name, join(here, source)])),
  },
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  external,
  logLevel: "warning",
});
console.log(`compute bundle written to ${outdir}`);
