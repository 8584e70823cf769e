/**
 * npm run bench [-- --rows 1000000] [--rounds 3] [--sizes 50MB,1GB,2GB] [--master-rows 1000000] [--tools-on-sizes]
 *
 * Generates a seeded mixed-type CSV, runs the engine (child process, so its peak RSS is its
 * own) and DuckDB SUMMARIZE (another child) on the same file, and writes BENCHMARKS.md with
 * wall time, CPU time, cores used, MB/s, peak RSS, the ratios ours/DuckDB, the machine and the
 * date. Runs are interleaved: --rounds rounds, each running every mode once, ours and DuckDB's
 * one after the other, and each figure is the median of the rounds. --sizes adds files of those
 * sizes (profile-my-data and DuckDB only, unless --tools-on-sizes) to show whether memory grows
 * with file size. master-my-data and clean-my-data run on the mixed file; master-my-data also on
 * seeded person records with known duplicates (generate-persons.ts; --master-rows of them, 0 to
 * skip), with each agent's time and the crosswalk scored against the truth.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { COMPUTE_PROCESS_ENV } from "../src/process-env.js";
import { type BenchMeta, benchMarkdown, type Case, type Measure } from "./bench-markdown.js";
import { generateCsv } from "./generate-csv.js";
import { generatePersons } from "./generate-persons.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../..");
const MiB = 1024 * 1024;
const NOTES_HEADING = "## Notes";

/** The worker-thread scripts compute/build.mjs bundles (compute/worker-entries.json), by name. */
function workerEntries(): Record<string, string> {
  const { "//": _about, ...workers } = JSON.parse(readFileSync(join(root, "compute/worker-entries.json"), "utf8")) as Record<
    string,
    string
  >;
  return Object.fromEntries(Object.entries(workers).map(([name, source]) => [name, join(root, "compute", source)]));
}

/** Both children run as esbuild bundles, as the service does in production, so no TypeScript loader sits in their memory. */
async function bundleChildren(): Promise<string> {
  const outdir = join(here, "dist");
  const pkg = JSON.parse(readFileSync(join(root, "compute/package.json"), "utf8")) as { dependencies: Record<string, string> };
  const external = [...Object.keys(pkg.dependencies).filter((name) => !name.startsWith("@agensium/")), "@duckdb/node-api"];
  await build({
    entryPoints: {
      "run-engine": join(here, "run-engine.ts"),
      "run-duckdb": join(here, "run-duckdb.ts"),
      // The agents' worker threads, found beside run-engine.mjs.
      ...workerEntries(),
    },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external,
    logLevel: "warning",
  });
  return outdir;
}

function child(bundleDir: string, script: string, args: string[]): Measure {
  const output = execFileSync(process.execPath, [join(bundleDir, script), ...args], {
    cwd: root,
    // The engine runs as the compute service does (compute/src/process-env.ts); DuckDB keeps its own allocator.
    env: script.startsWith("run-engine") ? { ...process.env, ...COMPUTE_PROCESS_ENV } : process.env,
    encoding: "utf8",
    maxBuffer: 16 * MiB,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output.trim().split("\n").at(-1) as string) as Measure;
}

/** A child run, told on stderr as it ends. */
function runChild(bundleDir: string, label: string, script: string, args: string[]): Measure {
  const measure = child(bundleDir, script, args);
  process.stderr.write(`${label}: ${measure.mode}: ${(measure.wall_ms / 1000).toFixed(1)} s\n`);
  return measure;
}

function record(c: Case, measure: Measure): void {
  const runs = c.runs.get(measure.mode) ?? [];
  runs.push(measure);
  c.runs.set(measure.mode, runs);
}

/** "50MB", "1GB", "2gb" → bytes. */
function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(MB|GB)$/i.exec(text.trim());
  if (!match) throw new Error(`--sizes: "${text}" is not a size like 50MB or 2GB`);
  return Number(match[1]) * (match[2].toUpperCase() === "GB" ? 1024 ** 3 : MiB);
}

/**
 * One generated mixed file; every round runs each mode once, ours and DuckDB's interleaved so
 * that a burst of load on the shared machine hits both sides rather than one.
 */
async function runMixed(
  label: string,
  dir: string,
  bundleDir: string,
  spec: { rows?: number; bytes?: number },
  rounds: number,
  tools: boolean,
): Promise<Case> {
  const file = join(dir, `${label.replace(/\W+/g, "-")}.csv`);
  process.stderr.write(`${label}: generating ${file}\n`);
  const made = await generateCsv(file, { ...spec, seed: 42 });
  process.stderr.write(`${label}: ${made.rows} rows, ${(made.bytes / MiB).toFixed(0)} MiB; ${rounds} round(s)\n`);
  const c: Case = { label, rows: made.rows, bytes: made.bytes, runs: new Map() };
  const size = String(made.bytes);
  const modes: [string, string[]][] = [
    ["run-engine.mjs", [file, size, "read"]],
    ["run-duckdb.mjs", [file, "1"]],
    ["run-engine.mjs", [file, size, "profile"]],
    ["run-duckdb.mjs", [file, String(cpus().length)]],
    ["run-engine.mjs", [file, size, "reports"]],
    ...(tools
      ? ([
          ["run-engine.mjs", [file, size, "master"]],
          ["run-engine.mjs", [file, size, "clean"]],
        ] as [string, string[]][])
      : []),
  ];
  for (let round = 1; round <= rounds; round++) {
    for (const [script, args] of modes) record(c, runChild(bundleDir, `${label} round ${round}`, script, args));
  }
  rmSync(file, { force: true });
  return c;
}

async function runPersons(dir: string, bundleDir: string, rows: number, rounds: number): Promise<Case> {
  const file = join(dir, "persons.csv");
  process.stderr.write(`person records: generating ${rows} rows\n`);
  const made = await generatePersons(file, { rows });
  const c: Case = { label: `${rows.toLocaleString("en-US")} person records`, rows: made.rows, bytes: made.bytes, runs: new Map() };
  for (let round = 1; round <= rounds; round++) {
    record(c, runChild(bundleDir, `person records round ${round}`, "run-engine.mjs", [file, String(made.bytes), "master"]));
  }
  rmSync(file, { force: true });
  rmSync(`${file}.entities`, { force: true });
  return c;
}

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    rounds: { type: "string", default: "3" },
    sizes: { type: "string", default: "" },
    "tools-on-sizes": { type: "boolean" },
    "master-rows": { type: "string", default: "1000000" },
    out: { type: "string" },
  },
});
const meta: BenchMeta = { rounds: Math.max(1, Number(values.rounds)), loadStart: loadavg()[0].toFixed(1) };
const sizes = values.sizes ? values.sizes.split(",").map((text) => [text.trim(), parseSize(text)] as const) : [];
const dir = mkdtempSync(join(tmpdir(), "agensium-bench-"));
try {
  const bundleDir = await bundleChildren();
  const rows = Number(values.rows);
  const cases = [await runMixed(`${rows.toLocaleString("en-US")} rows`, dir, bundleDir, { rows }, meta.rounds, true)];
  for (const [text, bytes] of sizes) {
    cases.push(
      await runMixed(
        text.toUpperCase().replace(/(\d)(MB|GB)$/, "$1 $2"),
        dir,
        bundleDir,
        { bytes },
        meta.rounds,
        values["tools-on-sizes"] === true,
      ),
    );
  }
  const masterRows = Number(values["master-rows"]);
  if (masterRows > 0) cases.push(await runPersons(dir, bundleDir, masterRows, meta.rounds));
  const target = values.out ?? join(root, "BENCHMARKS.md");
  // The hand-written "## Notes" section (what the numbers mean, what stands in the way) survives re-runs.
  const previous = existsSync(target) ? readFileSync(target, "utf8") : "";
  const notesAt = previous.indexOf(NOTES_HEADING);
  const text = `${benchMarkdown(cases, meta)}${notesAt >= 0 ? `\n${previous.slice(notesAt)}` : ""}`;
  writeFileSync(target, text);
  process.stdout.write(text);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
