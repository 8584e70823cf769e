/**
 * Worker thread of csv-threads.ts: claims batches of a derived dataset's spill from the shared
 * counter until none is left, writes each as CSV rows to its own file, and says where each one
 * lies; then null. A following worker is told the batches as they land and claims only those.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { CsvByteWriter } from "./csv-bytes.js";
import { CHUNK_BYTES, writeCsvRows } from "./csv-rows.js";
import type { CsvFollowMessage, CsvWorkerMessage, CsvWorkerRequest } from "./csv-threads.js";
import { DerivedSpill } from "./derived-dataset.js";

if (!parentPort) throw new Error("csv-worker runs as a worker thread");
const port = parentPort;
const request = workerData as CsvWorkerRequest;
const claims = new Int32Array(request.claims);
// Its entries grow as a following worker is told of batches: the count and the reader see them.
const spill = new DerivedSpill(request.source);
const reader = spill.reader();
const out = new CsvByteWriter(CHUNK_BYTES);
const fd = openSync(request.file, "w");
let offset = 0;

/** Writes all of `chunk` (a file write may take fewer bytes than asked); returns its length. */
function writeAll(chunk: Uint8Array): number {
  for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
  return chunk.length;
}

/**
 * The next batch nobody has claimed, if it is one this worker knows of; -1 otherwise. Compared
 * and swapped rather than added: an add would claim a batch not yet told, and the thread that
 * reads the file takes the unclaimed ones itself.
 */
function claim(): number {
  for (;;) {
    const e = Atomics.load(claims, 0);
    if (e >= spill.batchCount) return -1;
    if (Atomics.compareExchange(claims, 0, e, e + 1) === e) return e;
  }
}

/** Writes every batch it can claim now. */
async function writeClaimable(): Promise<void> {
  for (let e = claim(); e >= 0; e = claim()) {
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
}

async function close(): Promise<void> {
  closeSync(fd);
  await reader.close();
}

if (!request.follow) {
  try {
    await writeClaimable();
  } finally {
    await close();
  }
  port.postMessage(null);
} else {
  // One message at a time, in the order told; an error ends the worker, and its parent fails the file.
  let queue = Promise.resolve();
  port.on("message", (message: CsvFollowMessage) => {
    queue = queue.then(async () => {
      if ("entry" in message) {
        request.source.entries.push(message.entry);
        await writeClaimable();
        return;
      }
      await writeClaimable();
      await close();
      port.postMessage(null);
      port.close();
    });
    queue.catch((err) => {
      throw err;
    });
  });
}
