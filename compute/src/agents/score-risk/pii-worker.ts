/**
 * Worker thread of the PII scan: scans the ranges of the spill file it is handed (see
 * range-pool.ts), one after another in the order they came, posting each range's parts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type RangeResult, RangeScanner, type RangeTask, type RangeWorkerData } from "./range-scan.js";

const port = parentPort;
if (!port) throw new Error("pii-worker runs as a worker thread");
const scanner = new RangeScanner(workerData as RangeWorkerData);
// A range's scan awaits its reads, and the next task may arrive meanwhile: the column scanners
// learn from range to range, so ranges are scanned one at a time.
const queue: RangeTask[] = [];
let busy = false;
async function drain(): Promise<void> {
  busy = true;
  for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
    const result: RangeResult = await scanner.run(task);
    port?.postMessage(result);
  }
  busy = false;
}
port.on("message", (task: RangeTask) => {
  queue.push(task);
  if (!busy) void drain();
});
