/**
 * npm run bench [-- --rows 1000000] [--with-2gb] [--master-rows 1000000] [--keep]
 *
 * Generates a seeded mixed-type CSV, runs the engine (child process, so its peak RSS is its
 * own) and DuckDB SUMMARIZE (another child) on the same file, and writes BENCHMARKS.md with
 * wall time, MB/s, peak RSS, the ratio ours/DuckDB, the machine and the date. --with-2gb adds
 * a ~2 GB file to show whether memory grows with file size. master-my-data runs on the mixed
 * file and on seeded person records with known duplicates (generate-persons.ts; --master-rows
 * of them, 0 to skip), with CPU seconds, each agent's time and the crosswalk scored against the truth.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { generateCsv } from "./generate-csv.js";
import { generatePersons } from "./generate-persons.js";

interface Measure {
  mode: string;
  wall_ms: number;
  peak_rss_bytes: number;
  /** "reports" mode: bytes of report.json, report.html, report.xlsx. */
  report_sizes?: Record<string, number>;
  /** "master" mode: CPU milliseconds, each agent's milliseconds and, on person records, the crosswalk against the truth. */
  cpu_ms?: number;
  agent_ms?: Record<string, number>;
  accuracy?: Record<string, number>;
}
interface Case {
  label: string;
  rows: number;
  bytes: number;
  measures: Measure[];
}

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
    encoding: "utf8",
    maxBuffer: 16 * MiB,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output.trim().split("\n").at(-1) as string) as Measure;
}

async function runCase(label: string, dir: string, bundleDir: string, spec: { rows?: number; bytes?: number }): Promise<Case> {
  const file = join(dir, `${label.replace(/\W+/g, "-")}.csv`);
  process.stderr.write(`${label}: generating ${file}\n`);
  const made = await generateCsv(file, { ...spec, seed: 42 });
  process.stderr.write(`${label}: ${made.rows} rows, ${(made.bytes / MiB).toFixed(0)} MiB; running the engine\n`);
  const measures: Measure[] = [];
  for (const [script, args] of [
    ["run-engine.mjs", [file, String(made.bytes), "read"]],
    ["run-engine.mjs", [file, String(made.bytes), "profile"]],
    ["run-duckdb.mjs", [file, String(cpus().length)]],
    ["run-engine.mjs", [file, String(made.bytes), "reports"]],
    ["run-engine.mjs", [file, String(made.bytes), "master"]],
    ["run-engine.mjs", [file, String(made.bytes), "clean"]],
  ] as const) {
    const measure = child(bundleDir, script, [...args]);
    process.stderr.write(`${label}: ${measure.mode}: ${(measure.wall_ms / 1000).toFixed(1)} s\n`);
    measures.push(measure);
  }
  rmSync(file, { force: true });
  return { label, rows: made.rows, bytes: made.bytes, measures };
}

async function runPersons(dir: string, bundleDir: string, rows: number): Promise<Case> {
  const file = join(dir, "persons.csv");
  process.stderr.write(`person records: generating ${rows} rows\n`);
  const made = await generatePersons(file, { rows });
  const measure = child(bundleDir, "run-engine.mjs", [file, String(made.bytes), "master"]);
  process.stderr.write(`person records: ${measure.mode}: ${(measure.wall_ms / 1000).toFixed(1)} s\n`);
  rmSync(file, { force: true });
  rmSync(`${file}.entities`, { force: true });
  return { label: `${rows.toLocaleString("en-US")} person records`, rows: made.rows, bytes: made.bytes, measures: [measure] };
}

/** The table of one tool's full runs (master or clean), against DuckDB SUMMARIZE where the case ran it. */
function toolLines(cases: Case[], toolId: "master-my-data" | "clean-my-data"): string[] {
  const lines = [
    "",
    toolId === "master-my-data"
      ? "master-my-data, every agent (person records: 20 % extra records of some people with typos, reformatting and gaps; found = extra records given their person's master id):"
      : "clean-my-data, every agent:",
    "",
    "| File | Rows | Wall (s) | CPU (s) | Peak RSS (MiB) | Wall / DuckDB SUMMARIZE | Slowest agents (s) | Duplicates found | Ids holding two people |",
    "|---|---:|---:|---:|---:|---:|---|---:|---:|",
  ];
  for (const c of cases) {
    const m = c.measures.find((x) => x.agent_ms && x.mode.includes(toolId));
    if (!m?.agent_ms) continue;
    const duckdb = c.measures.find((x) => x.mode.startsWith("DuckDB"));
    const slowest = Object.entries(m.agent_ms)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([id, ms]) => `${id} ${(ms / 1000).toFixed(1)}`)
      .join(", ");
    const a = m.accuracy;
    lines.push(
      `| ${c.label} | ${c.rows.toLocaleString("en-US")} | ${(m.wall_ms / 1000).toFixed(1)} | ${((m.cpu_ms ?? 0) / 1000).toFixed(1)} | ${mib(m.peak_rss_bytes)} | ${duckdb ? `${(m.wall_ms / duckdb.wall_ms).toFixed(1)}×` : "–"} | ${slowest} | ${a ? `${a.duplicates_found} / ${a.duplicate_records}` : "–"} | ${a ? a.ids_with_two_people : "–"} |`,
    );
  }
  return lines;
}

const mbps = (bytes: number, ms: number) => (bytes / MiB / (ms / 1000)).toFixed(1);
const mib = (bytes: number) => (bytes / MiB).toFixed(0);

function markdown(cases: Case[]): string {
  const cpu = cpus();
  const lines = [
    "# Benchmarks",
    "",
    "The figures below are written by `npm run bench` (compute/bench/bench.ts); the Notes section is kept across runs.",
    "",
    `- Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    `- Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM (${(freemem() / 1024 ** 3).toFixed(1)} GiB free at the end), Node ${process.version}`,
    "- File: seeded mixed-type CSV (ints, floats, dates, datetimes, categories, zip codes with leading zeros, emails, booleans, quoted text, nulls), 14 columns.",
    '- Ours: the engine bundled with esbuild, in a child process, on a local folder: "read + spill only" is the reader pass every run pays (parse to Arrow batches, spill as Arrow IPC); "read + spill + unified-profiler" is `runTool` with profile-my-data\'s unified-profiler, reports included. DuckDB: `SUMMARIZE SELECT * FROM read_csv(file)` in a child process with as many threads as cores.',
    "- Peak RSS is each child process's own maximum resident set size.",
    `- The machine is shared: 1-minute load average ${loadStart} at the start, ${loadavg()[0].toFixed(1)} at the end, so wall times carry noise.`,
    "",
    "| File | Rows | Size (MiB) | What | Wall (s) | MB/s | Peak RSS (MiB) |",
    "|---|---:|---:|---|---:|---:|---:|",
  ];
  for (const c of cases) {
    for (const m of c.measures) {
      lines.push(
        `| ${c.label} | ${c.rows.toLocaleString("en-US")} | ${mib(c.bytes)} | ${m.mode} | ${(m.wall_ms / 1000).toFixed(2)} | ${mbps(c.bytes, m.wall_ms)} | ${mib(m.peak_rss_bytes)} |`,
      );
    }
  }
  lines.push("", "| File | Wall time ratio ours (profile) / DuckDB | Peak RSS ratio ours (profile) / DuckDB |", "|---|---:|---:|");
  for (const c of cases.filter((x) => x.measures.length >= 3)) {
    const [, engine, duckdb] = c.measures;
    lines.push(
      `| ${c.label} | ${(engine.wall_ms / duckdb.wall_ms).toFixed(2)} | ${(engine.peak_rss_bytes / duckdb.peak_rss_bytes).toFixed(2)} |`,
    );
  }
  lines.push(
    "",
    "Report sizes with every profile-my-data agent (report.html must stay small whatever the row count):",
    "",
    "| File | Rows | report.json (KiB) | report.html (KiB) | report.xlsx (KiB) |",
    "|---|---:|---:|---:|---:|",
  );
  const kib = (bytes: number | undefined) => (bytes === undefined ? "–" : (bytes / 1024).toFixed(0));
  for (const c of cases.filter((x) => x.measures.some((m) => m.report_sizes))) {
    const sizes = c.measures.find((m) => m.report_sizes)?.report_sizes ?? {};
    lines.push(
      `| ${c.label} | ${c.rows.toLocaleString("en-US")} | ${kib(sizes["report.json"])} | ${kib(sizes["report.html"])} | ${kib(sizes["report.xlsx"])} |`,
    );
  }
  lines.push(...toolLines(cases, "master-my-data"), ...toolLines(cases, "clean-my-data"));
  return `${lines.join("\n")}\n`;
}

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    "with-2gb": { type: "boolean" },
    "master-rows": { type: "string", default: "1000000" },
    out: { type: "string" },
  },
});
const loadStart = loadavg()[0].toFixed(1);
const dir = mkdtempSync(join(tmpdir(), "agensium-bench-"));
try {
  const bundleDir = await bundleChildren();
  const cases = [await runCase(`${Number(values.rows).toLocaleString("en-US")} rows`, dir, bundleDir, { rows: Number(values.rows) })];
  if (values["with-2gb"]) cases.push(await runCase("2 GB", dir, bundleDir, { bytes: 2 * 1024 ** 3 }));
  if (Number(values["master-rows"]) > 0) cases.push(await runPersons(dir, bundleDir, Number(values["master-rows"])));
  const target = values.out ?? join(root, "BENCHMARKS.md");
  // The hand-written "## Notes" section (what the numbers mean, what stands in the way) survives re-runs.
  const previous = existsSync(target) ? readFileSync(target, "utf8") : "";
  const notesAt = previous.indexOf(NOTES_HEADING);
  const text = `${markdown(cases)}${notesAt >= 0 ? `\n${previous.slice(notesAt)}` : ""}`;
  writeFileSync(target, text);
  process.stdout.write(text);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
