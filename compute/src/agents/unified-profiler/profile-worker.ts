/**
 * Worker thread of the profiler's scan: reads the spill file it is given, scans its group of
 * columns batch by batch (see group-worker.ts for the conversation), then sends its accumulators.
 */
import { parentPort, workerData } from "node:worker_threads";
import { SpilledDataset } from "../../engine/dataset.js";
import { ColumnGroupScan } from "./column-group.js";
import { batchBuffers, type FromWorker, type GroupRequest, MAX_AHEAD, type ToWorker } from "./group-worker.js";

const request = workerData as GroupRequest;
const port = parentPort;
if (!port) throw new Error("profile-worker runs as a worker thread");
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const dataset = SpilledDataset.fromSpillSource(request.source);
const group = new ColumnGroupScan(dataset.columns, request.columns, request.options);
let inFlight = 0;
let awaitingSetup = false;
let wake: (() => void) | null = null;
port.on("message", (message: ToWorker) => {
  if (message.kind === "setup") {
    group.configure(message.setup);
    awaitingSetup = false;
  } else {
    group.recycle(message.batch);
    inFlight--;
  }
  wake?.();
});

let rows = 0;
let first = true;
// Nothing of a batch is kept past it (see scan.ts), so the spill is read into one reused buffer.
for await (const { batch, firstRow } of dataset.transientBatches()) {
  // The first batch's decisions come before the second batch; past that, at most MAX_AHEAD batches wait.
  while (awaitingSetup || inFlight >= MAX_AHEAD) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = null;
  }
  const out = group.scanBatch(batch, firstRow);
  rows += out.rows;
  inFlight++;
  post({ kind: "batch", batch: out, numeric: first ? group.numericFlags() : undefined }, batchBuffers(out));
  if (first) awaitingSetup = true;
  first = false;
}
group.finish();
// The accumulators' large arrays move to the parent instead of being copied (a copy would hold them three times at once).
post({ kind: "done", rows, accumulators: group.accumulators }, [...new Set(group.accumulators.flatMap((acc) => acc.buffers()))]);
