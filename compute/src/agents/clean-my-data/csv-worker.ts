/**
 * Worker thread of csv-threads.ts: writes its batches of a derived dataset's spill as CSV rows
 * and sends each batch's chunks (transferred) in order, then null. It waits for a credit from
 * the parent (one per batch the parent has yielded) whenever it is `ahead` batches in front.
 */
import { parentPort, workerData } from "node:worker_threads";
import { CsvByteWriter } from "./csv-bytes.js";
import { CHUNK_BYTES, writeCsvRows } from "./csv-rows.js";
import type { CsvWorkerRequest } from "./csv-threads.js";
import { DerivedSpill } from "./derived-dataset.js";

const port = parentPort;
if (!port) throw new Error("csv-worker runs as a worker thread");
const request = workerData as CsvWorkerRequest;
let credit = request.ahead;
let wake: (() => void) | null = null;
port.on("message", () => {
  credit++;
  wake?.();
  wake = null;
});

const spill = new DerivedSpill(request.source);
const out = new CsvByteWriter(CHUNK_BYTES);
// Each batch is written to bytes (copies) before the next is asked for: read into reused buffers.
for await (const data of spill.batches(undefined, request.batches, true)) {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  credit--;
  const chunks = [...writeCsvRows(out, data, request.source.columns, request.options)];
  const rest = out.take();
  if (rest.length > 0) chunks.push(rest);
  port.postMessage(
    chunks,
    chunks.map((c) => c.buffer as ArrayBuffer),
  );
}
port.postMessage(null);
// The credits port keeps the thread alive; its work is done.
port.close();
