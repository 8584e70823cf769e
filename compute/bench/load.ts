/**
 * `npm run bench:load`: the whole service under load on this machine. Starts the local stack
 * (database, PlanetScale HTTP server, local B2, compute, the edge in Miniflare), then
 *   1. runs TASKS concurrent profile-my-data tasks on a ~100 MB CSV each, through the public
 *      API (create, presigned PUT, process, poll): how many complete, wall time, compute's peak RSS;
 *   2. sends GET /tasks/:id from 50 and 200 concurrent clients (and GET /health on the same
 *      worker for comparison, right after each): p50/p99 latency, errors, requests per second, the
 *      worker's CPU time per request, and the requests/s ratio of each pair;
 * and writes the figures to the "## Load" section of BENCHMARKS.md (the rest is kept).
 *
 *   npm run bench:load [-- --tasks 10 --mb 100 --seconds 15 --clients 50,200 --rounds 1 --warmup 4 --out BENCHMARKS.md]
 *
 * `--tasks 0` measures the reads alone: one task is created (not uploaded or processed) to read.
 * `--warmup S` first sends both requests for S seconds in all (default 4), not measured, so the
 * first round does not time the isolate compiling its code.
 * `--rounds N` repeats each pair N times, interleaved: on a shared machine the ratio of a pair
 * measured back to back, and the worker's CPU time per request, say more than requests/s alone.
 * `--cpu-prof DIR` also writes a V8 CPU profile of the worker (workerd's inspector) for each read
 * run, DIR/<request>-<clients>-r<round>.cpuprofile (the sampling adds to the worker CPU figures); it
 * needs Node's WebSocket client:
 *   NODE_OPTIONS=--experimental-websocket npm run bench:load -- --tasks 0 --cpu-prof /tmp/prof
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { newId, ulid } from "@agensium/shared";
import { sign } from "hono/jwt";
import mysql from "mysql2/promise";
import { freePort, LOCAL_CREDENTIALS, startStack } from "../../local/stack.js";
import { startWorker } from "../../local/worker.js";
import { generateCsv } from "./generate-csv.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "10" },
    mb: { type: "string", default: "100" },
    seconds: { type: "string", default: "15" },
    clients: { type: "string", default: "50,200" },
    rounds: { type: "string", default: "1" },
    warmup: { type: "string", default: "4" },
    out: { type: "string" },
    "cpu-prof": { type: "string" },
  },
});
const TASKS = Number(values.tasks);
const FILE_BYTES = Number(values.mb) * 1_000_000;
const SECONDS = Number(values.seconds);
const CLIENTS = values.clients.split(",").map(Number);
const ROUNDS = Number(values.rounds);
const WARMUP_SECONDS = Number(values.warmup);
const TASK_TIMEOUT_MS = 20 * 60_000;
const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "EXPIRED"];
const PROFILE_DIR = values["cpu-prof"];

/** One Chrome DevTools Protocol session with the worker's isolate, for Profiler.start/stop. */
async function inspectWorker(port: number) {
  if (typeof WebSocket === "undefined") throw new Error("--cpu-prof needs NODE_OPTIONS=--experimental-websocket (Node 20)");
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => t.webSocketDebuggerUrl.endsWith("/core:user:agensium-edge"));
  if (!target) throw new Error("the worker's isolate is not among the inspector's targets");
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let lastId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data));
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  // biome-ignore lint/suspicious/noExplicitAny: protocol answers, read field by field
  const send = (method: string, params: object = {}): Promise<any> =>
    new Promise((resolve) => {
      const id = ++lastId;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  return {
    start: () => send("Profiler.start"),
    async stop(file: string) {
      const { profile } = await send("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
    },
    close: () => socket.close(),
  };
}

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** Resident set of a process from /proc (kB → MiB): now and its high-water mark. */
function rssOf(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** CPU time (user + system, ms) of this process's workerd children: the edge worker Miniflare runs. */
function workerdCpuMs(): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === process.pid && name.includes("workerd")) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while being read
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON answers, read field by field
async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function main() {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const s3Directory = join(root, ".local", `load-s3-${runId}`);
  const work = mkdtempSync(join(tmpdir(), "agensium-load-"));
  const startLoad = loadavg()[0];
  log("starting the local stack");
  const stack = await startStack({
    projectRoot: root,
    databaseName: `agensium_load_${runId}`,
    dropDatabaseOnClose: true,
    s3Directory,
    computeEnv: { ENVIRONMENT: "development" },
  });
  const edgePort = await freePort();
  const inspectorPort = PROFILE_DIR ? await freePort() : undefined;
  const worker = await startWorker({
    projectRoot: root,
    vars: { ...stack.edgeVars, ENVIRONMENT: "development", PUBLIC_URL: `http://127.0.0.1:${edgePort}` },
    port: edgePort,
    quiet: true,
    inspectorPort,
  });
  const profiler = inspectorPort ? await inspectWorker(inspectorPort) : undefined;
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const edge = worker.url;
  const db = mysql.createPool({ uri: stack.databaseUrl, connectionLimit: 2 });
  const sections: string[] = [];
  try {
    // One verified user with plenty of credits, and a token signed with the worker's key.
    const userId = newId("user");
    await db.query("INSERT INTO users (id, email, full_name, password_hash, is_active, is_verified) VALUES (?, ?, ?, ?, 1, 1)", [
      userId,
      `load.${runId}@example.test`,
      "Load Test",
      "unusable",
    ]);
    await db.query("INSERT INTO credit_wallets (user_id, balance_credits) VALUES (?, ?)", [userId, 1_000_000]);
    const iat = Math.floor(Date.now() / 1000);
    const token = await sign({ sub: userId, iat, exp: iat + 6 * 3600, jti: ulid() }, LOCAL_CREDENTIALS.jwtSecret, "HS256");
    const auth = { authorization: `Bearer ${token}` };
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${edge}${path}`, {
        method,
        headers: body === undefined ? auth : { ...auth, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    let readId: string;
    if (TASKS === 0) {
      const created = await json(await call("POST", "/tasks", { tool_id: "profile-my-data" }));
      readId = created.task_id as string;
    } else readId = await runTasks();

    async function runTasks(): Promise<string> {
      log(`generating a ${values.mb} MB CSV`);
      const csvPath = join(work, "orders.csv");
      const generated = await generateCsv(csvPath, { bytes: FILE_BYTES });
      const csv = readFileSync(csvPath);

      // ---- 1. concurrent tasks through the whole path ----
      log(`creating and uploading ${TASKS} tasks`);
      const taskIds = await Promise.all(
        Array.from({ length: TASKS }, async () => {
          const created = await json(await call("POST", "/tasks", { tool_id: "profile-my-data" }));
          const taskId = created.task_id as string;
          const urls = await json(
            await call("POST", `/tasks/${taskId}/upload-urls`, {
              files: [{ role: "primary", filename: "orders.csv", content_type: "text/csv", size_bytes: csv.length }],
              has_parameters: false,
            }),
          );
          const primary = urls.uploads.primary;
          const put = await fetch(primary.url, { method: "PUT", headers: primary.headers, body: csv });
          if (put.status !== 200) throw new Error(`upload of ${taskId} answered ${put.status}: ${await put.text()}`);
          return taskId;
        }),
      );
      const computePid = stack.computeProcess.pid as number;
      let peakRss = rssOf(computePid).rss;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, rssOf(stack.computeProcess.pid as number).rss);
      }, 200);
      const started = performance.now();
      log(`processing ${TASKS} tasks at once`);
      await Promise.all(
        taskIds.map(async (id) => {
          const res = await call("POST", `/tasks/${id}/process`, {});
          if (res.status !== 202 && res.status !== 200) throw new Error(`process ${id}: ${res.status} ${await res.text()}`);
        }),
      );
      const outcomes = await Promise.all(
        taskIds.map(async (id) => {
          const deadline = Date.now() + TASK_TIMEOUT_MS;
          for (;;) {
            const task = await json(await call("GET", `/tasks/${id}`));
            if (TERMINAL.includes(task.status) || Date.now() > deadline) {
              const seconds = (performance.now() - started) / 1000;
              log(`  ${id} ${task.status}${task.error_code ? ` ${task.error_code}` : ""} after ${seconds.toFixed(0)} s`);
              return { status: task.status as string, code: (task.error_code ?? task.error?.code ?? null) as string | null, seconds };
            }
            await new Promise((r) => setTimeout(r, 1_000));
          }
        }),
      );
      clearInterval(sampler);
      const wall = (performance.now() - started) / 1000;
      const hwm = rssOf(computePid).hwm;
      const completed = outcomes.filter((o) => o.status === "COMPLETED").length;
      const failures = new Map<string, number>();
      for (const o of outcomes)
        if (o.status !== "COMPLETED")
          failures.set(`${o.status} ${o.code ?? ""}`.trim(), (failures.get(`${o.status} ${o.code ?? ""}`.trim()) ?? 0) + 1);
      const restarted = stack.computeProcess.pid !== computePid;
      sections.push(
        [
          `### ${TASKS} concurrent tasks (profile-my-data, every agent, ${(csv.length / 1e6).toFixed(0)} MB CSV of ${generated.rows.toLocaleString("en-US")} rows each)`,
          "",
          "| Tasks | Completed | Failed (status code × n) | Wall time, first process → last finished (s) | Task times (s): fastest / slowest | Compute peak RSS (MiB) |",
          "|---:|---:|---|---:|---|---:|",
          `| ${TASKS} | ${completed} | ${[...failures].map(([k, n]) => `${k} × ${n}`).join(", ") || "none"} | ${wall.toFixed(0)} | ${Math.min(...outcomes.map((o) => o.seconds)).toFixed(0)} / ${Math.max(...outcomes.map((o) => o.seconds)).toFixed(0)} | ${Math.round(Math.max(peakRss, restarted ? 0 : hwm))} |`,
          "",
          `Compute runs MAX_CONCURRENT_JOBS=${stack.computeEnv.MAX_CONCURRENT_JOBS ?? 2} jobs at once and answers 429 to the others, which the queue retries (max_retries and retry_delay in wrangler.toml)${restarted ? "; compute died and was restarted during the run" : ""}.`,
        ].join("\n"),
      );

      return taskIds[0];
    }

    // ---- 2. GET /tasks/:id and GET /health under concurrent clients ----
    const rows: string[] = [];
    /** `clients` callers sending GET `path` back to back until `until`: each answer's latency, and how many failed. */
    async function hammer(path: string, headers: Record<string, string>, clients: number, until: number) {
      const latencies: number[] = [];
      let errors = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < until) {
            const t = performance.now();
            try {
              const res = await fetch(`${edge}${path}`, { headers, signal: AbortSignal.timeout(30_000) });
              await res.arrayBuffer();
              if (res.status !== 200) errors++;
            } catch {
              errors++;
            }
            latencies.push(performance.now() - t);
          }
        }),
      );
      return { latencies, errors };
    }
    // A worker that serves hundreds of requests a second has compiled its hot paths long before;
    // without this, the first measured run also times the isolate's JIT warming up.
    if (WARMUP_SECONDS > 0) {
      log(`warming the worker up for ${WARMUP_SECONDS} s`);
      for (const [path, headers] of [
        [`/tasks/${readId}`, auth],
        ["/health", {}],
      ] as const) {
        await hammer(path, headers, Math.max(...CLIENTS), performance.now() + (WARMUP_SECONDS * 1000) / 2);
      }
    }
    for (const clients of CLIENTS) {
      for (let round = 1; round <= ROUNDS; round++) {
        const perSecond: number[] = [];
        for (const [label, path, headers] of [
          ["GET /tasks/:id", `/tasks/${readId}`, auth],
          ["GET /health", "/health", {}],
        ] as const) {
          log(`${label} with ${clients} clients for ${SECONDS} s${ROUNDS > 1 ? ` (round ${round} of ${ROUNDS})` : ""}`);
          await profiler?.start();
          const cpuBefore = workerdCpuMs();
          const began = performance.now();
          const { latencies, errors } = await hammer(path, headers, clients, began + SECONDS * 1000);
          const elapsed = (performance.now() - began) / 1000;
          const cpuPerRequest = (workerdCpuMs() - cpuBefore) / Math.max(1, latencies.length);
          const profileName = `${label.replace(/\W+/g, "-").replace(/^-|-$/g, "")}-${clients}-r${round}.cpuprofile`;
          if (profiler && PROFILE_DIR) await profiler.stop(join(PROFILE_DIR, profileName));
          latencies.sort((a, b) => a - b);
          perSecond.push(latencies.length / elapsed);
          const ratio = perSecond.length === 2 ? `${(perSecond[0] / perSecond[1]).toFixed(2)}×` : "";
          rows.push(
            `| ${label} | ${clients} | ${latencies.length.toLocaleString("en-US")} | ${errors} | ${(latencies.length / elapsed).toFixed(0)} | ${percentile(latencies, 50).toFixed(0)} | ${percentile(latencies, 99).toFixed(0)} | ${cpuPerRequest.toFixed(2)} | ${ratio} |`,
          );
        }
      }
    }
    sections.push(
      [
        `### Reads under concurrent clients (${SECONDS} s each, one worker, Miniflare)`,
        "",
        "Each GET /health runs right after the GET /tasks/:id above it; the ratio is their requests/s. Worker CPU is the workerd process's user + system time over the run, divided by its requests.",
        "",
        "| Request | Clients | Requests | Errors | Requests/s | p50 (ms) | p99 (ms) | Worker CPU per request (ms) | /tasks/:id ÷ /health |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ...rows,
      ].join("\n"),
    );
  } finally {
    profiler?.close();
    await db.end();
    await worker.close();
    await stack.close();
    rmSync(s3Directory, { recursive: true, force: true });
    rmSync(join(root, ".local", `edge-bundle-${process.pid}`), { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }

  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const header = [
    "## Load",
    "",
    "Written by `npm run bench:load` (compute/bench/load.ts): the local stack (MariaDB through the local PlanetScale HTTP server, the local B2 with SigV4, compute as a process, the edge in Miniflare), driven over HTTP through the public API.",
    "",
    `- Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    `- Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM (${(freemem() / 1024 ** 3).toFixed(1)} GiB free at the end), Node ${process.version}`,
    `- Load: 1-minute load average ${startLoad.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (the machine is shared; the benchmark itself and the stack run on it)`,
    "",
  ].join("\n");
  const section = `${header}\n${sections.join("\n\n")}\n`;
  const target = values.out ?? join(root, "BENCHMARKS.md");
  const before = existsSync(target) ? readFileSync(target, "utf8") : "# Benchmarks\n";
  const start = before.indexOf("\n## Load\n");
  let text: string;
  if (start < 0) text = `${before.trimEnd()}\n\n${section}`;
  else {
    const next = before.indexOf("\n## ", start + 1);
    text = `${before.slice(0, start + 1)}${section}${next < 0 ? "" : `\n${before.slice(next + 1)}`}`;
  }
  writeFileSync(target, text);
  process.stdout.write(`${section}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
