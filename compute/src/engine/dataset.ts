/**
 * Datasets the agents read. An input is read once from its store (B2 or a local folder),
 * parsed into batches and spilled to local disk as Arrow IPC; every pass of every agent then
 * reads the spill, one batch at a time, so memory stays bounded whatever the file size and a
 * malformed file fails before any agent (and any credit) is spent.
 */
import { type FileHandle, open, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Alert, InputFormat } from "@agensium/shared";
import { type Data, Field, makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct, tableFromIPC, Utf8 } from "apache-arrow";
import { type InputOptions, readBatches, type SheetSummary } from "../readers/index.js";
import { rememberStoredColumns } from "./column-pieces.js";
import type { ObjectStore } from "./object-store.js";
import { RaggedRecords } from "./ragged-records.js";
import type { SpillHandoff } from "./spill-handoff.js";
import { readExactly, readInto } from "./spill-read.js";
import { type DataBatch, type Dataset, EngineError } from "./types.js";

/** Where each spilled batch sits in the spill file. */
export interface SpillEntry {
  offset: number;
  length: number;
  firstRow: number;
  firstLine?: number;
  /** Rows whose line numbers follow the IPC bytes (not consecutive lines); 0 when none. */
  lineCount: number;
}

/** What another thread needs to read the same spill file (plain data, so it crosses postMessage). */
export interface SpillSource {
  role: Dataset["role"];
  format: InputFormat;
  columns: string[];
  rowCount: number;
  spillPath: string;
  entries: SpillEntry[];
}

/** The buffer transientBatches reads into, replaced by a larger one when a batch does not fit. */
export interface ReadBuffer {
  bytes: Uint8Array;
}

export class SpilledDataset implements Dataset {
  /** What the reader said about the input as a whole (which sheet it read and why, …). */
  notes: Alert[] = [];
  /** XLSX: every sheet of the workbook and the one read. */
  workbook?: { sheets: SheetSummary[]; sheet: string };

  constructor(
    readonly role: Dataset["role"],
    readonly format: InputFormat,
    readonly columns: string[],
    readonly rowCount: number,
    readonly byteSize: number,
    /** Records left out by the reader for a wrong field count, kept verbatim on disk. */
    readonly raggedRows: RaggedRecords,
    private readonly spillPath: string,
    private readonly entries: SpillEntry[],
  ) {}

  batches(signal?: AbortSignal): AsyncIterable<DataBatch> {
    return this.read(signal, null);
  }

  /**
   * Like batches(), but each batch is read into the same buffer as the one before: a batch (and
   * every view of its cells) is valid only until the next one is asked for. For scans that keep
   * nothing of a batch once past it; a fresh buffer per batch was garbage of the file's size for each pass.
   * A caller reading several passes (ranges of a spill) hands the same `buffer` to each, so they share it too.
   */
  transientBatches(signal?: AbortSignal, buffer: ReadBuffer = { bytes: new Uint8Array(0) }): AsyncIterable<DataBatch> {
    return this.read(signal, buffer);
  }

  private async *read(signal: AbortSignal | undefined, reuse: ReadBuffer | null): AsyncIterable<DataBatch> {
    const handle = await open(this.spillPath, "r");
    const largest = this.entries.reduce((n, e) => Math.max(n, e.length), 0);
    if (reuse !== null && reuse.bytes.length < largest) reuse.bytes = new Uint8Array(largest);
    try {
      for (const entry of this.entries) {
        signal?.throwIfAborted();
        const bytes =
          reuse !== null
            ? await readInto(handle, reuse.bytes.subarray(0, entry.length), entry.offset)
            : await readExactly(handle, entry.offset, entry.length);
        const stored = tableFromIPC(bytes).batches[0];
        // A cleaning agent passing a column on untouched records where it lies here instead of copying it.
        rememberStoredColumns(stored.data.children, { path: this.spillPath, offset: entry.offset, length: entry.length });
        const batch = alignColumns(stored, this.columns);
        if (entry.firstLine === undefined) {
          yield { batch, firstRow: entry.firstRow };
          continue;
        }
        let lines: Int32Array | undefined;
        if (entry.lineCount > 0) {
          lines = new Int32Array(entry.lineCount);
          await readInto(handle, new Uint8Array(lines.buffer), entry.offset + entry.length);
        }
        yield { batch, firstRow: entry.firstRow, firstLine: entry.firstLine, lines };
      }
    } finally {
      await handle.close();
    }
  }

  spillSource(): SpillSource {
    const { role, format, columns, rowCount, spillPath, entries } = this;
    return { role, format, columns, rowCount, spillPath, entries };
  }

  /** The same spill, read from another thread (a worker's view of the dataset: no ragged-row samples). */
  static fromSpillSource(s: SpillSource): SpilledDataset {
    return new SpilledDataset(s.role, s.format, s.columns, s.rowCount, 0, new RaggedRecords(""), s.spillPath, s.entries);
  }

  /** Removes the spill file (the run's spill folder is removed anyway; this frees space early). */
  async discard() {
    await rm(this.spillPath, { force: true });
  }
}

/**
 * Reads spilled batches one at a time by their entries, into one reused buffer: a batch is valid
 * only until the next read. For a thread following a spill as it is written (the entries arrive
 * one by one); the columns are the batch's own.
 */
export function spillEntryReader(spillPath: string): { read(entry: SpillEntry): Promise<DataBatch>; close(): Promise<void> } {
  const handle = open(spillPath, "r");
  let buffer = new Uint8Array(0);
  return {
    async read(entry) {
      if (buffer.length < entry.length) buffer = new Uint8Array(Math.ceil(entry.length * 1.25));
      const bytes = await readInto(await handle, buffer.subarray(0, entry.length), entry.offset);
      return { batch: tableFromIPC(bytes).batches[0], firstRow: entry.firstRow };
    },
    close: async () => (await handle).close(),
  };
}

/** Writes a batch's pieces at `offset`; a short write is an error, never a silently shifted spill. */
async function writeAll(file: FileHandle, pieces: Uint8Array[], offset: number, total: number): Promise<void> {
  const { bytesWritten } = await file.writev(pieces, offset);
  if (bytesWritten !== total) throw new Error(`The spill took ${bytesWritten} of a batch's ${total} bytes`);
}

/** JSON batches name only the columns seen so far; later passes see every column, absent ones null. */
function alignColumns(batch: RecordBatch, columns: string[]): RecordBatch {
  const names = batch.schema.fields.map((f) => f.name);
  if (names.length === columns.length && names.every((n, i) => n === columns[i])) return batch;
  const schema = new Schema(columns.map((name) => new Field(name, new Utf8(), true)));
  const children = columns.map((name): Data<Utf8> => {
    const index = names.indexOf(name);
    if (index >= 0) return batch.getChildAt(index)?.data[0] as Data<Utf8>;
    return makeData({
      type: new Utf8(),
      length: batch.numRows,
      nullCount: batch.numRows,
      valueOffsets: new Int32Array(batch.numRows + 1),
      data: new Uint8Array(0),
      nullBitmap: new Uint8Array((batch.numRows + 7) >> 3),
    });
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
}

export interface IngestInput {
  store: ObjectStore;
  key: string;
  role: Dataset["role"];
  format: InputFormat;
  batchRows: number;
  /** Bytes per batch and the widest input accepted (config.BATCH_BYTES, config.MAX_COLUMNS); reader defaults when absent. */
  batchBytes?: number;
  maxColumns?: number;
  maxBytes: number;
  spillDir: string;
  inputOptions?: InputOptions;
  signal?: AbortSignal;
  /** Bytes read so far of `total`; feeds progress while the input is read. */
  onBytes?(read: number, total: number): void;
  /**
   * Where each batch is told once spilled, for a chain's first agent to follow (Agent.follow);
   * only while every batch has the first one's columns (a JSON record with a new key ends it).
   */
  handoff?: SpillHandoff;
}

export async function ingestDataset(input: IngestInput): Promise<SpilledDataset> {
  const size = await input.store.size(input.key);
  if (size === null) throw new EngineError("INPUT_UNREADABLE", `The ${input.role} input is missing from storage`);
  if (size > input.maxBytes) {
    throw new EngineError("INPUT_TOO_LARGE", `The ${input.role} input is ${size} bytes; the limit is ${input.maxBytes}`);
  }
  let bytesRead = 0;
  const counted = async function* (source: AsyncIterable<Uint8Array>) {
    for await (const chunk of source) {
      bytesRead += chunk.length;
      if (bytesRead > input.maxBytes) {
        throw new EngineError("INPUT_TOO_LARGE", `The ${input.role} input is larger than the limit of ${input.maxBytes} bytes`);
      }
      input.onBytes?.(bytesRead, size);
      yield chunk;
    }
  };

  const spillPath = join(input.spillDir, `${input.role}.arrows`);
  const spill = await open(spillPath, "w");
  let writing: Promise<void> = Promise.resolve();
  const entries: SpillEntry[] = [];
  const columns: string[] = [];
  const known = new Set<string>();
  const ragged = new RaggedRecords(join(input.spillDir, `${input.role}-ragged.ndjson`));
  const notes: Alert[] = [];
  let workbook: SpilledDataset["workbook"];
  let offset = 0;
  let rows = 0;
  try {
    const source = counted(await input.store.read(input.key, input.signal));
    const batches = readBatches(input.format, source, {
      ...input.inputOptions,
      batchRows: input.batchRows,
      batchBytes: input.batchBytes,
      maxColumns: input.maxColumns,
      signal: input.signal,
      tempDir: input.spillDir,
      onRaggedRow: (row) => ragged.add(row),
      onNote: (alert) => notes.push(alert),
      onWorkbook: (info) => {
        workbook = info;
      },
    });
    let told: string[] | null = null;
    for await (const { batch, firstRow, firstLine, lines } of batches) {
      for (const field of batch.schema.fields) {
        if (!known.has(field.name)) {
          known.add(field.name);
          columns.push(field.name);
        }
      }
      if (batch.numRows === 0) continue;
      if (input.handoff) {
        const names = batch.schema.fields.map((f) => f.name);
        if (told === null) told = input.handoff.open(spillPath, names, "input") ? names : [];
        else if (names.length !== told.length || names.some((n, k) => n !== told?.[k])) input.handoff.abandon();
      }
      // The writer yields the IPC message as views of the batch's own buffers; writing them as a
      // vector avoids concatenating a second copy of every batch.
      const pieces: Uint8Array[] = [];
      for await (const piece of RecordBatchStreamWriter.writeAll([batch])) pieces.push(piece);
      const length = pieces.reduce((n, p) => n + p.length, 0);
      if (lines) pieces.push(new Uint8Array(lines.buffer, lines.byteOffset, lines.byteLength));
      const total = length + (lines?.byteLength ?? 0);
      // One write in flight: the next batch is parsed while this one goes to disk (a reader's
      // batch owns its buffers, so nothing overwrites them meanwhile). A failed write is thrown
      // before the next one starts, or after the last batch.
      await writing;
      const entry: SpillEntry = { offset, length, firstRow, firstLine, lineCount: lines?.length ?? 0 };
      const handoff = input.handoff;
      // Told once its bytes are on disk, so a thread following the handoff can read it.
      writing = handoff
        ? writeAll(spill, pieces, offset, total).then(() => handoff.written(entry))
        : writeAll(spill, pieces, offset, total);
      writing.catch(() => undefined);
      entries.push(entry);
      offset += total;
      rows += batch.numRows;
    }
    await writing;
  } catch (err) {
    input.handoff?.abandon();
    ragged.close();
    await writing.catch(() => undefined);
    await spill.close();
    await rm(spillPath, { force: true });
    // Readers turn every fault of the file into an EngineError; anything else (storage down, disk full) is ours.
    if (err instanceof EngineError && input.role === "baseline") throw new EngineError(err.code, `Baseline file: ${err.message}`);
    throw err;
  }
  ragged.close();
  await spill.close();
  input.handoff?.finished();
  const dataset = new SpilledDataset(input.role, input.format, columns, rows, bytesRead, ragged, spillPath, entries);
  dataset.notes = notes;
  dataset.workbook = workbook;
  return dataset;
}
