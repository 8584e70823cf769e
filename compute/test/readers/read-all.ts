/** Test helper: runs a reader over bytes fed in chunks of a chosen size and collects what it produced. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Alert, InputFormat } from "@agensium/shared";
import type { Vector } from "apache-arrow";
import { expect } from "vitest";
import { EngineError } from "../../src/engine/types.js";
import { type RaggedRow, readBatches, type SheetSummary } from "../../src/readers/index.js";

/** A ragged record as the reader handed it, its bytes decoded. */
export type ReadRagged = Omit<RaggedRow, "raw"> & { raw: string };

export interface ReadResult {
  columns: string[];
  rows: (string | null)[][];
  /** The physical line of each row, when the reader knew it. */
  lines: (number | null)[];
  batches: { firstRow: number; rows: number }[];
  ragged: ReadRagged[];
  notes: Alert[];
  workbook?: { sheets: SheetSummary[]; sheet: string };
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
  const ragged: ReadRagged[] = [];
  const result: ReadResult = { columns: [], rows: [], lines: [], batches: [], ragged, notes: [] };
  const batches = readBatches(format, chunked(bytes, options.chunkSize ?? 64 * 1024), {
    batchRows: options.batchRows ?? 1000,
    batchBytes: options.batchBytes,
    maxColumns: options.maxColumns,
    tempDir: mkdtempSync(join(tmpdir(), "reader-test-")),
    sheet: options.sheet,
    delimiter: options.delimiter,
    onRaggedRow: (row) => ragged.push({ ...row, raw: new TextDecoder().decode(row.raw) }),
    onNote: (alert) => result.notes.push(alert),
    onWorkbook: (info) => {
      result.workbook = info;
    },
  });
  for await (const { batch, firstRow, firstLine, lines } of batches) {
    result.columns = batch.schema.fields.map((f) => f.name);
    result.batches.push({ firstRow, rows: batch.numRows });
    const vectors = result.columns.map((_, i) => batch.getChildAt(i) as Vector);
    for (let r = 0; r < batch.numRows; r++) {
      result.rows.push(vectors.map((v) => v.get(r) as string | null));
      result.lines.push(lines ? lines[r] : firstLine === undefined ? null : firstLine + r);
    }
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
