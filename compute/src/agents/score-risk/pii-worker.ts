/**
 * Worker thread of the PII scan: reads the spill file it is given and scans its share of the
 * columns (see scanPiiColumns), posting progress per batch and then its column tallies.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ColumnScanRequest, WorkerMessage } from "../../engine/column-threads.js";
import { SpilledDataset } from "../../engine/dataset.js";
import { type ColumnTally, type ScoreRiskParams, scanPiiColumns } from "./scan-pii.js";

const request = workerData as ColumnScanRequest<ScoreRiskParams>;
const port = parentPort;
if (!port) throw new Error("pii-worker runs as a worker thread");
const post = (message: WorkerMessage<{ rows: number; tallies: ColumnTally[] }>) => port.postMessage(message);
const result = await scanPiiColumns(SpilledDataset.fromSpillSource(request.source), request.columns, request.params, {
  progress: (rows) => post({ progress: rows }),
  cellDir: request.cellDir,
});
post({ result });
