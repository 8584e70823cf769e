/**
 * Worker thread of row-key-following.ts: reads each batch of the dataset it is told of, in order,
 * as it lands, and adds its rows to the row-key pass; at the end of the dataset it sends what the
 * pass found (the table's buffers transferred) and is stopped.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DerivedSpill, type DerivedSpillSource } from "./derived-dataset.js";
import { columnsOf } from "./row-batch.js";
import type { RowKeyWorkerMessage, RowKeyWorkerRequest } from "./row-key-following.js";
import { RowKeyScan } from "./row-key-scan.js";

const port = parentPort;
if (!port) throw new Error("row-key-worker runs as a worker thread");
const request = workerData as RowKeyWorkerRequest;
const source: DerivedSpillSource = { columns: request.columns, spillPath: request.spillPath, entries: [] };
const reader = new DerivedSpill(source).reader();
const scan = new RowKeyScan(request.setup);

async function hear(message: RowKeyWorkerMessage): Promise<void> {
  if ("entry" in message) {
    const e = source.entries.push(message.entry) - 1;
    const data = await reader.read(e);
    scan.add(data, columnsOf(data.batch, request.columns.length));
    return;
  }
  await reader.close();
  port?.postMessage(scan.found, scan.found.keeper.buffers());
}

// One message at a time, in the order told: a batch is read only after the one before it is added.
let queue = Promise.resolve();
port.on("message", (message: RowKeyWorkerMessage) => {
  queue = queue.then(() => hear(message));
  // An unhandled rejection ends the worker with an error: its parent then scans the rows itself.
  queue.catch((err) => {
    throw err;
  });
});
