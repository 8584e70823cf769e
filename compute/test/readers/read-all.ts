/** Test helper: runs a reader over bytes fed in chunks of a chosen size and collects what it produced. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InputFormat } from "@agensium/shared";
import type { Vector } from "apache-arrow";
import { expect } from "vitest";
import { EngineError } from "../../src/engine/types.js";
import { type RaggedRow, readBatches } from "../../src/readers/index.js";

export interface ReadResult {
  columns: string[];
  rows: (string | null)[][];
  batches: { firstRow: number; rows: number }[];
  ragged: RaggedRow[];
}

export async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

export function bytesOf(text: string | Uint8Array): Uint8Array {
  return typeof text === "string" ? new TextEncoder().encode(text) : text;
}

export async function readAll(
  format: InputFormat,
  input: string | Uint8Array,
  options: { batchRows?: number; batchBytes?: number; maxColumns?: number; chunkSize?: number; sheet?: string; delimiter?: string } = {},
): Promise<ReadResult> {
  const bytes = bytesOf(input);
  const ragged: RaggedRow[] = [];
  const result: ReadResult = { columns: [], rows: [], batches: [], ragged };
  const batches = readBatches(format, chunked(bytes, options.chunkSize ?? 64 * 1024), {
    batchRows: options.batchRows ?? 1000,
    batchBytes: options.batchBytes,
    maxColumns: options.maxColumns,
    tempDir: mkdtempSync(join(tmpdir(), "reader-test-")),
    sheet: options.sheet,
    delimiter: options.delimiter,
    onRaggedRow: (row) => ragged.push(row),
  });
  for await (const { batch, firstRow } of batches) {
    result.columns = batch.schema.fields.map((f) => f.name);
    result.batches.push({ firstRow, rows: batch.numRows });
    const vectors = result.columns.map((_, i) => batch.getChildAt(i) as Vector);
    for (let r = 0; r < batch.numRows; r++) result.rows.push(vectors.map((v) => v.get(r) as string | null));
  }
  return result;
}

/** The EngineError a read (or run) fails with; fails the test when it succeeds or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}
