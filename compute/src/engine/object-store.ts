/**
 * Where a run reads its inputs and writes its outputs: B2 for jobs, a local folder for the CLI.
 * The engine sees only streams, so the same code path serves both.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { B2 } from "../storage/b2.js";

export interface ObjectStore {
  /** Byte size of the object, or null when it does not exist. */
  size(key: string): Promise<number | null>;
  /** The object's bytes as a stream, read as the consumer pulls. */
  read(key: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
  /** The whole object as text (small objects only: parameters.json), or null when absent. */
  readText(key: string): Promise<string | null>;
  /** Writes the chunks as one object; returns its byte size. */
  write(key: string, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<number>;
}

/** Bytes already in memory as the one chunk `write` takes. */
export async function* singleChunk(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

export function b2Store(b2: B2): ObjectStore {
  return {
    async size(key) {
      return (await b2.head(key))?.size ?? null;
    },
    async read(key, signal) {
      return streamChunks(await b2.getStream(key, signal));
    },
    readText: (key) => b2.getText(key),
    write: (key, chunks, contentType) => b2.putStream(key, chunks, contentType),
  };
}

async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Keys are paths relative to `root`; absolute keys are used as they are. */
export function folderStore(root: string): ObjectStore {
  const pathOf = (key: string) => resolve(root, key);
  return {
    async size(key) {
      try {
        const info = await stat(pathOf(key));
        return info.isFile() ? info.size : null;
      } catch {
        return null;
      }
    },
    async read(key, signal) {
      const stream = createReadStream(pathOf(key), { highWaterMark: 1024 * 1024, signal });
      await new Promise<void>((ok, fail) => stream.once("open", () => ok()).once("error", fail));
      return stream;
    },
    async readText(key) {
      try {
        return await readFile(pathOf(key), "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async write(key, chunks) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await pipeline(Readable.from(chunks), createWriteStream(path));
      return (await stat(path)).size;
    },
  };
}
