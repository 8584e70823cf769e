/**
 * Worker thread of csv-threads.ts: claims batches of a derived dataset's spill from the shared
 * counter until none is left, writes each as CSV rows to its own file, and says where each one
 * lies; then null.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { CsvByteWriter } from "./csv-bytes.js";
import { CHUNK_BYTES, writeCsvRows } from "./csv-rows.js";
import type { CsvWorkerMessage, CsvWorkerRequest } from "./csv-threads.js";
import { DerivedSpill } from "./derived-dataset.js";

const port = parentPort;
if (!port) throw new Error("csv-worker runs as a worker thread");
const request = workerData as CsvWorkerRequest;
const claims = new Int32Array(request.claims);
const spill = new DerivedSpill(request.source);
const count = spill.batchCount;
const reader = spill.reader();
const out = new CsvByteWriter(CHUNK_BYTES);
const fd = openSync(request.file, "w");
let offset = 0;

/** Writes all of `chunk` (a file write may take fewer bytes than asked); returns its length. */
function writeAll(chunk: Uint8Array): number {
  for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
  return chunk.length;
}

try {
  for (let e = Atomics.add(claims, 0, 1); e < count; e = Atomics.add(claims, 0, 1)) {
    // Each batch is written to bytes (copies) before the next is read: the reader reuses its buffers.
    const data = await reader.read(e);
    let length = 0;
    for (const chunk of writeCsvRows(out, data, request.source.columns, request.options)) length += writeAll(chunk);
    const rest = out.take();
    if (rest.length > 0) length += writeAll(rest);
    const placed: CsvWorkerMessage = { batch: e, offset, length };
    port.postMessage(placed);
    offset += length;
  }
} finally {
  closeSync(fd);
  await reader.close();
}
port.postMessage(null);
