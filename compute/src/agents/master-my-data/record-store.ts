/**
 * The comparable fields of the rows that take part in blocks. Held in memory up to a limit, as
 * one array per field (a value repeated across rows is one string, shared); past the limit they
 * go to a spill file in the run's spill folder, addressed by typed arrays (row → byte offset and
 * length), and each block reads back only its own records.
 */
import { readSync } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { join } from "node:path";

const SEPARATOR = "\u001f";
const WRITE_BUFFER_BYTES = 1 << 20;

/** The records of one block: field f of its k-th row. */
export interface RecordBlock {
  field(k: number, f: number): string;
}

/**
 * add and load give a promise only when they touch the disk: the in-memory store answers at once,
 * and a million awaits on already-settled promises (one per record, one per block) cost more than
 * the copying they wait for. `fields` is read during the call, never kept.
 */
export interface RecordStore {
  add(row: number, fields: readonly string[]): Promise<void> | undefined;
  /** Finishes writing; call before reading. */
  seal(): Promise<void>;
  /** The records of the given rows, in the same order. */
  load(rows: ArrayLike<number>): RecordBlock | Promise<RecordBlock>;
  close(): Promise<void>;
}

export function memoryRecordStore(rows: number, fieldCount: number): RecordStore {
  let columns: string[][] = Array.from({ length: fieldCount }, () => new Array<string>(rows).fill(""));
  return {
    add(row, fields) {
      for (let f = 0; f < fieldCount; f++) columns[f][row] = fields[f];
      return undefined;
    },
    async seal() {},
    load(wanted) {
      return { field: (k, f) => columns[f][wanted[k]] };
    },
    async close() {
      columns = [];
    },
  };
}

export async function spilledRecordStore(spillDir: string, rows: number): Promise<RecordStore> {
  const path = join(spillDir, `records-${process.hrtime.bigint()}.bin`);
  const handle: FileHandle = await open(path, "w+");
  const offsets = new Float64Array(rows);
  const lengths = new Int32Array(rows);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let readBuffer = new Uint8Array(1024);
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let position = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    await handle.write(chunk, 0, chunk.length, position - pendingBytes);
    pending = [];
    pendingBytes = 0;
  };
  return {
    add(row, fields) {
      const bytes = encoder.encode(fields.join(SEPARATOR));
      offsets[row] = position;
      lengths[row] = bytes.length;
      pending.push(bytes);
      pendingBytes += bytes.length;
      position += bytes.length;
      return pendingBytes >= WRITE_BUFFER_BYTES ? flush() : undefined;
    },
    seal: flush,
    // Synchronous positional reads into one reused buffer: a block's records lie anywhere in the
    // file, one read each, and the file is fresh in the page cache. An awaited read per record (a
    // promise and a trip through libuv's thread pool each) made comparing 2M persons take 115 CPU-s, this 13.
    load(wanted) {
      const out: string[][] = [];
      for (let k = 0; k < wanted.length; k++) {
        const row = wanted[k];
        const length = lengths[row];
        if (length > readBuffer.length) readBuffer = new Uint8Array(Math.max(length, readBuffer.length * 2));
        const bytes = readBuffer.subarray(0, length);
        if (length > 0) readSync(handle.fd, bytes, 0, length, offsets[row]);
        out.push(decoder.decode(bytes).split(SEPARATOR));
      }
      return { field: (k, f) => out[k][f] };
    },
    async close() {
      await handle.close();
      await rm(path, { force: true });
    },
  };
}
