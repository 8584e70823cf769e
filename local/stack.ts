/**
 * The local stack without the edge worker: database (migrated and seeded), the PlanetScale
 * HTTP server in front of it, the local B2 with strict SigV4, and the compute service as a
 * child process. `npm run dev` adds `wrangler dev`; the tests add Miniflare.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { COMPUTE_PROCESS_ENV } from "../compute/src/process-env.js";
import { createDatabase, dropDatabase, resolveDatabase, withDatabase } from "./database.js";
import { migrateAndSeed } from "./migrate.js";
import { startPlanetScaleHttp } from "./planetscale-http.js";
import { startLocalS3 } from "./s3.js";

export const LOCAL_CREDENTIALS = {
  psUser: "agensium",
  psPassword: "agensium",
  b2KeyId: "agensiumlocal",
  b2Secret: "agensiumlocalsecret",
  b2Region: "us-east-1",
  bucket: "agensium-files",
  computeSecret: "development-only-compute-secret",
  jwtSecret: "development-only-jwt-secret-0123456789",
  webhookSecretsKey: "development-only-webhook-secrets-key-0123",
};

export interface StackOptions {
  projectRoot: string;
  databaseName: string;
  /** Drop the database when the stack stops (tests use a fresh one per run). */
  dropDatabaseOnClose?: boolean;
  planetscalePort?: number;
  s3Port?: number;
  computePort?: number;
  /** URL compute reports to; the edge's address. */
  edgeUrl?: string;
  s3Directory: string;
  computeEnv?: Record<string, string>;
  /** Start compute again when it exits on its own (npm run dev); tests leave it off. */
  restartCompute?: boolean;
  log?: (line: string) => void;
}

export interface RunningStack {
  databaseUrl: string;
  databaseSource: string;
  planetscaleUrl: string;
  s3Endpoint: string;
  computeUrl: string;
  /** The running compute process (a new one after each restart). */
  readonly computeProcess: ChildProcess;
  /** Variables for the edge worker that point at this stack. */
  edgeVars: Record<string, string>;
  /** Environment for a compute process that points at this stack. */
  computeEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`);
}

/** Starts compute as a child process (tsx runs the TypeScript directly). */
export function spawnCompute(projectRoot: string, env: Record<string, string>, log?: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "compute/src/server.ts")], {
    cwd: projectRoot,
    env: { ...process.env, ...COMPUTE_PROCESS_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) log?.(`[compute] ${line}`);
  };
  child.stdout?.on("data", forward);
  child.stderr?.on("data", forward);
  return child;
}

/**
 * Compute, started again after it dies when `restartCompute` is set: a crash or an out-of-memory
 * kill must not leave the dev stack without compute until someone notices (tasks would wait for
 * the cron). Restarts back off from 1 s to 30 s while it keeps dying within a minute of starting.
 */
function superviseCompute(options: StackOptions, env: Record<string, string>, log: (line: string) => void) {
  let stopping = false;
  let delay = 1_000;
  let timer: NodeJS.Timeout | undefined;
  const state = { current: spawnCompute(options.projectRoot, env, log) };
  const watch = (child: ChildProcess, startedAt: number) => {
    child.once("exit", (code, signal) => {
      if (stopping || !options.restartCompute) return;
      delay = Date.now() - startedAt > 60_000 ? 1_000 : Math.min(delay * 2, 30_000);
      log(`[stack] compute exited (${signal ?? `code ${code}`}); starting it again in ${delay / 1000} s`);
      timer = setTimeout(() => {
        state.current = spawnCompute(options.projectRoot, env, log);
        watch(state.current, Date.now());
      }, delay);
    });
  };
  watch(state.current, Date.now());
  return {
    get current() {
      return state.current;
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await stopChild(state.current);
    },
  };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? (() => {});
  const server = await resolveDatabase(options.projectRoot);
  await createDatabase(server.serverUrl, options.databaseName);
  const databaseUrl = withDatabase(server.serverUrl, options.databaseName);
  await migrateAndSeed(databaseUrl);

  const planetscale = await startPlanetScaleHttp({
    databaseUrl,
    username: LOCAL_CREDENTIALS.psUser,
    password: LOCAL_CREDENTIALS.psPassword,
    port: options.planetscalePort,
  });
  const s3 = await startLocalS3({
    accessKeyId: LOCAL_CREDENTIALS.b2KeyId,
    secretAccessKey: LOCAL_CREDENTIALS.b2Secret,
    region: LOCAL_CREDENTIALS.b2Region,
    bucket: LOCAL_CREDENTIALS.bucket,
    directory: options.s3Directory,
    port: options.s3Port,
  });

  const storageVars = {
    B2_ENDPOINT: s3.endpoint,
    B2_REGION: LOCAL_CREDENTIALS.b2Region,
    B2_BUCKET: LOCAL_CREDENTIALS.bucket,
    B2_KEY_ID: LOCAL_CREDENTIALS.b2KeyId,
    B2_APPLICATION_KEY: LOCAL_CREDENTIALS.b2Secret,
  };
  const computePort = options.computePort ?? 0;
  const computeEnv: Record<string, string> = {
    ...storageVars,
    COMPUTE_SHARED_SECRET: LOCAL_CREDENTIALS.computeSecret,
    HOST: "127.0.0.1",
    PORT: String(computePort),
    ...options.computeEnv,
  };
  // Port 0 cannot be learnt from a child process; pick a free one first.
  if (computePort === 0) computeEnv.PORT = String(await freePort());
  const computeUrl = `http://127.0.0.1:${computeEnv.PORT}`;
  const compute = superviseCompute(options, computeEnv, log);
  await waitForHttp(`${computeUrl}/health`);

  const edgeVars: Record<string, string> = {
    ...storageVars,
    DATABASE_URL: planetscale.url,
    COMPUTE_URL: computeUrl,
    COMPUTE_SHARED_SECRET: LOCAL_CREDENTIALS.computeSecret,
    JWT_SECRET: LOCAL_CREDENTIALS.jwtSecret,
    WEBHOOK_SECRETS_KEY: LOCAL_CREDENTIALS.webhookSecretsKey,
  };

  return {
    databaseUrl,
    databaseSource: server.source,
    planetscaleUrl: planetscale.url,
    s3Endpoint: s3.endpoint,
    computeUrl,
    get computeProcess() {
      return compute.current;
    },
    edgeVars,
    computeEnv,
    async close() {
      await compute.stop();
      await s3.close();
      await planetscale.close();
      if (options.dropDatabaseOnClose) await dropDatabase(server.serverUrl, options.databaseName);
      await server.stop();
    },
  };
}

export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
