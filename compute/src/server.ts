/**
 * The compute service: receives HMAC-signed jobs from the edge, runs them in the background
 * with a bounded number at once, and reports through signed callbacks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type ComputeConfig, loadComputeConfig } from "./config.js";
import { handleJobRequest } from "./jobs/endpoint.js";
import { runJobInThread } from "./jobs/job-thread.js";
import { JobPool } from "./jobs/pool.js";
import { log } from "./log.js";

export interface RunningCompute {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startCompute(config: ComputeConfig): Promise<RunningCompute> {
  const startedAt = Date.now();
  // A job that throws is logged and dropped; the server keeps serving the others. Each job runs
  // in a worker thread (job-thread.ts) so this thread always answers /jobs and /health at once.
  const pool = new JobPool(
    config.MAX_CONCURRENT_JOBS,
    (job) => runJobInThread(job, config),
    (job, err) => log({ level: "error", msg: "job crashed", task_id: job.task_id, error: String(err) }),
  );

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/health") {
      return sendJson(res, 200, {
        status: "ok",
        version: config.APP_VERSION,
        uptime_s: Math.round((Date.now() - startedAt) / 1000),
        running_jobs: pool.size,
        max_concurrent_jobs: config.MAX_CONCURRENT_JOBS,
      });
    }
    if (req.method === "POST" && path === "/jobs")
      return handleJobRequest(req, res, {
        secret: config.COMPUTE_SHARED_SECRET,
        pool,
        busyRetryAfterSeconds: config.BUSY_RETRY_AFTER_SECONDS,
      });
    sendJson(res, 404, { error: { code: "NOT_FOUND", message: `No route for ${req.method} ${path}` } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error(JSON.stringify({ level: "error", msg: "unhandled", error: String(err) }));
      if (!res.headersSent) sendJson(res, 500, { error: { code: "INTERNAL_ERROR", message: "compute failed to handle the request" } });
    });
  });
  // Longer than any client's idle pooling, so a reused keep-alive connection is never closed
  // under a request the edge just sent ("Network connection lost").
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.HOST}:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let config: ComputeConfig;
  try {
    config = loadComputeConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const running = await startCompute(config);
  console.log(JSON.stringify({ level: "info", msg: "compute listening", url: running.url }));
  const stop = () => running.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
