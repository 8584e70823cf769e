/**
 * Worker thread of key-identifier's first pass: scans its columns of the spill (key-scan.ts)
 * and sends the result once, the tables' arrays transferred.
 */
import { parentPort, workerData } from "node:worker_threads";
import { SpilledDataset } from "../../engine/dataset.js";
import { type KeyScanRequest, scanColumns } from "./key-scan.js";

const port = parentPort;
if (!port) throw new Error("key-scan-worker runs as a worker thread");
const request = workerData as KeyScanRequest;
const scan = await scanColumns(SpilledDataset.fromSpillSource(request.source), request.columns);
port.postMessage(
  scan,
  scan.distinct.flatMap((table) => table.buffers()),
);
