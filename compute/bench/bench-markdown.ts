/**
 * BENCHMARKS.md's tables from the benchmark's measures. Each run (mode) was repeated in
 * interleaved rounds — ours and DuckDB's one after the other in every round — so each figure is the
 * median of its rounds, with the range beside it: on a shared machine a single run says little.
 */
import { cpus, freemem, loadavg, totalmem } from "node:os";

export interface Measure {
  mode: string;
  wall_ms: number;
  /** User + system CPU of the whole child process (every thread). */
  cpu_ms?: number;
  peak_rss_bytes: number;
  /** "reports" mode: bytes of report.json, report.html, report.xlsx. */
  report_sizes?: Record<string, number>;
  /** Tool runs: each agent's milliseconds. */
  agent_ms?: Record<string, number>;
  /** master-my-data on person records: the crosswalk against the truth. */
  accuracy?: Record<string, number>;
}

/** One file, and every run of every mode on it, grouped by mode in the order first run. */
export interface Case {
  label: string;
  rows: number;
  bytes: number;
  runs: Map<string, Measure[]>;
}

export interface BenchMeta {
  rounds: number;
  loadStart: string;
}

const MiB = 1024 * 1024;
const DUCKDB_PEER = /^DuckDB SUMMARIZE \(threads=(?!1\))/;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (ms: number, digits = 2) => (ms / 1000).toFixed(digits);
const mib = (bytes: number) => (bytes / MiB).toFixed(0);
const wallOf = (runs: Measure[]) => median(runs.map((m) => m.wall_ms));
const cpuOf = (runs: Measure[]) => median(runs.map((m) => m.cpu_ms ?? 0));
const rssOf = (runs: Measure[]) => median(runs.map((m) => m.peak_rss_bytes));

function peerOf(c: Case): Measure[] | undefined {
  for (const [mode, runs] of c.runs) if (DUCKDB_PEER.test(mode)) return runs;
  return undefined;
}

function header(meta: BenchMeta): string[] {
  const cpu = cpus();
  return [
    "# Benchmarks",
    "",
    "The figures below are written by `npm run bench` (compute/bench/bench.ts); the Notes section is kept across runs.",
    "",
    `- Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    `- Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM (${(freemem() / 1024 ** 3).toFixed(1)} GiB free at the end), Node ${process.version}`,
    "- File: seeded mixed-type CSV (ints, floats, dates, datetimes, categories, zip codes with leading zeros, emails, booleans, quoted text, nulls), 14 columns.",
    '- Ours: the engine bundled with esbuild, in a child process, on a local folder: "read + spill only" is the reader pass every run pays (parse to Arrow batches, spill as Arrow IPC); "read + spill + unified-profiler" is `runTool` with profile-my-data\'s unified-profiler, reports included. DuckDB: `SUMMARIZE SELECT * FROM read_csv(file)` in a child process with as many threads as cores (and with one, for the reader pass).',
    `- Interleaved: ${meta.rounds} round(s); in each round every mode runs once, ours and DuckDB's one after the other. Each figure is the median of the rounds; "range" is the fastest and slowest wall time.`,
    "- CPU is user + system time of the child process, all threads; cores used = CPU / wall. Peak RSS is each child process's own maximum resident set size (median of the rounds).",
    `- The machine is shared: 1-minute load average ${meta.loadStart} at the start, ${loadavg()[0].toFixed(1)} at the end, so wall times carry noise.`,
  ];
}

function runsTable(cases: Case[]): string[] {
  const lines = [
    "",
    "| File | Rows | Size (MiB) | What | Wall (s) | Range (s) | CPU (s) | Cores used | MB/s | Peak RSS (MiB) |",
    "|---|---:|---:|---|---:|---|---:|---:|---:|---:|",
  ];
  for (const c of cases) {
    for (const [mode, runs] of c.runs) {
      const wall = wallOf(runs);
      const cpu = cpuOf(runs);
      const walls = runs.map((m) => m.wall_ms);
      lines.push(
        `| ${c.label} | ${c.rows.toLocaleString("en-US")} | ${mib(c.bytes)} | ${mode} | ${seconds(wall)} | ${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))} | ${seconds(cpu, 1)} | ${(cpu / wall).toFixed(2)} | ${(c.bytes / MiB / (wall / 1000)).toFixed(1)} | ${mib(rssOf(runs))} |`,
      );
    }
  }
  return lines;
}

/** Every engine mode against DuckDB SUMMARIZE (all cores) on the same file: the targets are these ratios. */
function ratioTable(cases: Case[]): string[] {
  const lines = [
    "",
    "Ours against DuckDB SUMMARIZE (as many threads as cores) on the same file, medians:",
    "",
    "| File | What | Wall / DuckDB | CPU / DuckDB CPU | Peak RSS / DuckDB |",
    "|---|---|---:|---:|---:|",
  ];
  for (const c of cases) {
    const peer = peerOf(c);
    if (!peer) continue;
    for (const [mode, runs] of c.runs) {
      if (!mode.startsWith("engine")) continue;
      lines.push(
        `| ${c.label} | ${mode} | ${(wallOf(runs) / wallOf(peer)).toFixed(2)}× | ${(cpuOf(runs) / cpuOf(peer)).toFixed(2)}× | ${(rssOf(runs) / rssOf(peer)).toFixed(2)}× |`,
      );
    }
  }
  return lines;
}

function reportSizeTable(cases: Case[]): string[] {
  const lines = [
    "",
    "Report sizes with every profile-my-data agent (report.html must stay small whatever the row count):",
    "",
    "| File | Rows | report.json (KiB) | report.html (KiB) | report.xlsx (KiB) |",
    "|---|---:|---:|---:|---:|",
  ];
  const kib = (bytes: number | undefined) => (bytes === undefined ? "–" : (bytes / 1024).toFixed(0));
  for (const c of cases) {
    const sizes = [...c.runs.values()].flat().find((m) => m.report_sizes)?.report_sizes;
    if (!sizes) continue;
    lines.push(
      `| ${c.label} | ${c.rows.toLocaleString("en-US")} | ${kib(sizes["report.json"])} | ${kib(sizes["report.html"])} | ${kib(sizes["report.xlsx"])} |`,
    );
  }
  return lines;
}

/** Each agent's median time over the rounds, slowest first. */
function slowestAgents(runs: Measure[], count: number): string {
  const ids = Object.keys(runs[0]?.agent_ms ?? {});
  return ids
    .map((id): [string, number] => [id, median(runs.map((m) => m.agent_ms?.[id] ?? 0))])
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([id, ms]) => `${id} ${seconds(ms, 1)}`)
    .join(", ");
}

/** The table of one tool's full runs, against DuckDB SUMMARIZE where the case ran it. */
function toolTable(cases: Case[], toolId: string, title: string): string[] {
  const lines = [
    "",
    title,
    "",
    "| File | Rows | Wall (s) | CPU (s) | Peak RSS (MiB) | Wall / DuckDB SUMMARIZE | Slowest agents (s) | Duplicates found | Ids holding two people |",
    "|---|---:|---:|---:|---:|---:|---|---:|---:|",
  ];
  for (const c of cases) {
    const runs = [...c.runs].find(([mode]) => mode.includes(toolId))?.[1];
    if (!runs?.[0]?.agent_ms) continue;
    const peer = peerOf(c);
    const a = runs[0].accuracy;
    lines.push(
      `| ${c.label} | ${c.rows.toLocaleString("en-US")} | ${seconds(wallOf(runs), 1)} | ${seconds(cpuOf(runs), 1)} | ${mib(rssOf(runs))} | ${peer ? `${(wallOf(runs) / wallOf(peer)).toFixed(1)}×` : "–"} | ${slowestAgents(runs, 3)} | ${a ? `${a.duplicates_found} / ${a.duplicate_records}` : "–"} | ${a ? a.ids_with_two_people : "–"} |`,
    );
  }
  return lines;
}

export function benchMarkdown(cases: Case[], meta: BenchMeta): string {
  return `${[
    ...header(meta),
    ...runsTable(cases),
    ...ratioTable(cases),
    ...reportSizeTable(cases),
    ...toolTable(cases, "profile-my-data agent", "profile-my-data, every agent:"),
    ...toolTable(
      cases,
      "master-my-data",
      "master-my-data, every agent (person records: 20 % extra records of some people with typos, reformatting and gaps; found = extra records given their person's master id):",
    ),
    ...toolTable(cases, "clean-my-data", "clean-my-data, every agent:"),
  ].join("\n")}\n`;
}
