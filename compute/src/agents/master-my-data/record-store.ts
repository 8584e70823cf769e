/**
 * The comparable fields of the rows that take part in blocks. Held in memory up to a limit, as
 * one array per field (a value repeated across rows is one string, shared); past the limit they
 * go to a spill file in the run's spill folder, addressed by typed arrays (row → byte offset and
 * length), and each block reads back only its own records.
 */
import { type FileHandle, open, rm } from "node:fs/promises";
import { join } from "node:path";

const SEPARATOR = "\u001f";
const WRITE_BUFFER_BYTES = 1 << 20;

/** The records of one block: field f of its k-th row. */
export interface RecordBlock {
  field(k: number, f: number): string;
}

export interface RecordStore {
  add(row: number, fields: string[]): Promise<void>;
  /** Finishes writing; call before reading. */
  seal(): Promise<void>;
  /** The records of the given rows, in the same order. */
  load(rows: ArrayLike<number>): Promise<RecordBlock>;
  close(): Promise<void>;
}

export function memoryRecordStore(rows: number, fieldCount: number): RecordStore {
  let columns: string[][] = Array.from({ length: fieldCount }, () => new Array<string>(rows).fill(""));
  return {
    async add(row, fields) {
      for (let f = 0; f < fieldCount; f++) columns[f][row] = fields[f];
    },
    async seal() {},
    async load(wanted) {
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
    async add(row, fields) {
      const bytes = encoder.encode(fields.join(SEPARATOR));
      offsets[row] = position;
      lengths[row] = bytes.length;
      pending.push(bytes);
      pendingBytes += bytes.length;
      position += bytes.length;
      if (pendingBytes >= WRITE_BUFFER_BYTES) await flush();
    },
    seal: flush,
    async load(wanted) {
      const out: string[][] = [];
      for (let k = 0; k < wanted.length; k++) {
        const row = wanted[k];
        const bytes = new Uint8Array(lengths[row]);
        if (bytes.length > 0) await handle.read(bytes, 0, bytes.length, offsets[row]);
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
