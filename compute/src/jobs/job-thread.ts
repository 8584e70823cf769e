/**
 * One job in its own worker thread. The agents do long stretches of synchronous work (a batch
 * scan, a sort, a workbook); on the main thread they held the event loop long enough under load
 * that the edge's POST /jobs timed out or lost its connection, and a compute with free capacity
 * looked unreachable until the task was dead-lettered. The main thread now only answers HTTP and
 * admits jobs; each job runs here, with its own heap, callbacks and heartbeats.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Job } from "@agensium/shared";
import type { ComputeConfig } from "../config.js";
import { log } from "../log.js";
import { B2 } from "../storage/b2.js";
import { runJob } from "./runner.js";

interface ThreadInput {
  job: Job;
  config: ComputeConfig;
}

export function b2FromConfig(config: ComputeConfig): B2 {
  return new B2({
    endpoint: config.B2_ENDPOINT,
    region: config.B2_REGION,
    bucket: config.B2_BUCKET,
    accessKeyId: config.B2_KEY_ID,
    secretAccessKey: config.B2_APPLICATION_KEY,
  });
}

/** This module's own file: job-thread.ts from source (started through job-thread-source.mjs), job-thread.js in the bundle (compute/build.mjs). */
const fromSource = extname(fileURLToPath(import.meta.url)) === ".ts";
const threadFile = new URL(fromSource ? "./job-thread-source.mjs" : "./job-thread.js", import.meta.url);

/** Runs the job in a new worker thread; resolves when the thread ends cleanly. */
export function runJobInThread(job: Job, config: ComputeConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(threadFile, { workerData: { job, config } satisfies ThreadInput });
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the job thread exited with code ${code}`))));
  });
}

if (!isMainThread && parentPort && (workerData as ThreadInput | undefined)?.job) {
  const { job, config } = workerData as ThreadInput;
  await runJob(job, { config, b2: b2FromConfig(config), log });
}
