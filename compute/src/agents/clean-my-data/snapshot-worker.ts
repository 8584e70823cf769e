/** Worker thread of the previewer's before snapshot (upload-snapshot.ts): counts its columns of the spill and sends them once. */
import { parentPort, workerData } from "node:worker_threads";
import { countSnapshotPart, type SnapshotRequest } from "./upload-snapshot.js";

const port = parentPort;
if (!port) throw new Error("snapshot-worker runs as a worker thread");
port.postMessage(await countSnapshotPart(workerData as SnapshotRequest));
