/**
 * Parquet reader on hyparquet. Parquet needs random access (the footer is at the end), so the
 * stream is first copied to a local file in the run's temp folder; then one row group at a
 * time is decoded and rendered as text, which bounds memory by the row group size.
 */
import { createWriteStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { AsyncBuffer, FileMetaData } from "hyparquet";
import type { DataBatch } from "../engine/types.js";
import { EngineError } from "../engine/types.js";
import { checkWidth, columnNames, type ReaderOptions } from "./reader-options.js";
import { Utf8BatchBuilder } from "./utf8-batch-builder.js";

const decoder = new TextDecoder();

export function renderParquetValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return value.toISOString().replace("T00:00:00.000Z", "").replace(".000Z", "Z");
  if (value instanceof Uint8Array) return decoder.decode(value);
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));
}

async function fileBuffer(path: string): Promise<{ buffer: AsyncBuffer; close(): Promise<void> }> {
  const handle = await open(path, "r");
  const { size } = await handle.stat();
  return {
    buffer: {
      byteLength: size,
      async slice(start: number, end?: number) {
        const length = (end ?? size) - start;
        const bytes = new Uint8Array(length);
        await handle.read(bytes, 0, length, start);
        return bytes.buffer;
      },
    },
    close: () => handle.close(),
  };
}

export async function* readParquet(bytes: AsyncIterable<Uint8Array>, options: ReaderOptions): AsyncGenerator<DataBatch> {
  const path = join(options.tempDir, `input-${Date.now()}-${Math.random().toString(36).slice(2)}.parquet`);
  await pipeline(Readable.from(bytes), createWriteStream(path));
  const file = await fileBuffer(path);
  try {
    const { parquetMetadataAsync, parquetSchema } = await import("hyparquet");
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file.buffer);
    } catch (err) {
      throw new EngineError(
        "INPUT_UNREADABLE",
        `The Parquet file could not be read (byte offset ${file.buffer.byteLength}, its footer): ${(err as Error).message}`,
      );
    }
    const fields = parquetSchema(metadata).children;
    checkWidth(fields.length, options, "The Parquet schema");
    const names = columnNames(fields.map((child) => child.element.name));
    const builder = new Utf8BatchBuilder(names, options.batchRows, options.batchBytes);
    let groupStart = 0;
    let nextRow = 1;
    let firstRow = 1;
    let yielded = false;
    for (const group of metadata.row_groups) {
      const groupEnd = groupStart + Number(group.num_rows);
      const rows = await readRows(file.buffer, metadata, groupStart, groupEnd, nextRow);
      for (const row of rows) {
        options.signal?.throwIfAborted();
        for (let c = 0; c < names.length; c++) {
          const text = renderParquetValue(row[c]);
          if (text === null) builder.columns[c].pushNull();
          else builder.columns[c].pushString(text);
        }
        builder.rows++;
        nextRow++;
        if (builder.full) {
          yielded = true;
          yield builder.finish(firstRow);
          firstRow = nextRow;
        }
      }
      groupStart = groupEnd;
    }
    if (builder.rows > 0 || !yielded) yield builder.finish(firstRow);
  } finally {
    await file.close();
    await rm(path, { force: true });
  }
}

async function readRows(
  file: AsyncBuffer,
  metadata: FileMetaData,
  rowStart: number,
  rowEnd: number,
  firstRow: number,
): Promise<unknown[][]> {
  const { parquetRead } = await import("hyparquet");
  try {
    return await new Promise<unknown[][]>((resolve, reject) => {
      parquetRead({ file, metadata, rowStart, rowEnd, rowFormat: "array", onComplete: (rows) => resolve(rows as unknown[][]) }).catch(
        reject,
      );
    });
  } catch (err) {
    throw new EngineError(
      "INPUT_UNREADABLE",
      `Rows ${firstRow}–${firstRow + rowEnd - rowStart - 1} of the Parquet file could not be decoded: ${(err as Error).message}`,
    );
  }
}
