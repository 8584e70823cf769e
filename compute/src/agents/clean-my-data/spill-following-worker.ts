/**
 * The worker's side of spill-following.ts: told the dataset it follows, reads each batch it is told of, in order, as it lands,
 * and hands it to the pass; sends the pass's result at the end of the dataset, or as soon as the
 * pass says it needs no more rows.
 */
import { parentPort, type Transferable } from "node:worker_threads";
import { type SpillEntry as InputEntry, spillEntryReader } from "../../engine/dataset.js";
import type { DataBatch } from "../../engine/types.js";
import { type SpillEntry as DerivedEntry, DerivedSpill, type DerivedSpillSource } from "./derived-dataset.js";
import type { FollowedResult, FollowingMessage, FollowingRequest } from "./spill-following.js";

export interface FollowingPass<R extends FollowedResult> {
  /** Adds a batch (valid only until it returns); true when the pass needs no more. */
  add(data: DataBatch): boolean;
  /** The result, and the buffers to transfer with it. */
  result(complete: boolean): { found: R; transfer: Transferable[] };
}

/** Runs `pass` on the dataset this worker follows; `start` builds it from the request's setup. */
export function followSpill<S, R extends FollowedResult>(start: (request: FollowingRequest<S>) => FollowingPass<R>): void {
  const port = parentPort;
  if (!port) throw new Error("a following worker runs as a worker thread");
  let followed: { reader: ReturnType<typeof entryReader>; pass: FollowingPass<R> } | null = null;
  let sent = false;
  const send = async (complete: boolean) => {
    if (!followed) throw new Error("a following worker was told of a batch before its dataset");
    sent = true;
    await followed.reader.close();
    const { found, transfer } = followed.pass.result(complete);
    port.postMessage(found, transfer);
  };
  const hear = async (message: FollowingMessage<S>) => {
    if (sent) return;
    if ("request" in message) {
      followed = { reader: entryReader(message.request), pass: start(message.request) };
      return;
    }
    if ("end" in message) return send(true);
    if (!followed) throw new Error("a following worker was told of a batch before its dataset");
    if (followed.pass.add(await followed.reader.read(message.entry))) await send(false);
  };
  // One message at a time, in the order told: a batch is read only after the one before it is added.
  let queue = Promise.resolve();
  port.on("message", (message: FollowingMessage<S>) => {
    queue = queue.then(() => hear(message));
    // An unhandled rejection ends the worker with an error: its parent then makes the pass itself.
    queue.catch((err) => {
      throw err;
    });
  });
}

/** Reads the batches of either kind of spill by their entries, as they are told, into reused buffers. */
function entryReader(request: FollowingRequest<unknown>): { read(entry: unknown): Promise<DataBatch>; close(): Promise<void> } {
  if (request.spill === "input") {
    const input = spillEntryReader(request.spillPath);
    return { read: (entry) => input.read(entry as InputEntry), close: () => input.close() };
  }
  const source: DerivedSpillSource = { columns: request.columns, spillPath: request.spillPath, entries: [] };
  const derived = new DerivedSpill(source).reader();
  return {
    read: (entry) => derived.read(source.entries.push(entry as DerivedEntry) - 1),
    close: () => derived.close(),
  };
}
