/**
 * The dataset a cleaning agent hands to the next one: its output batches spilled to disk as
 * Arrow IPC, read back one batch at a time like the input. Rows keep their provenance: a batch
 * that lost rows stores the original row number of each row beside it, so row-level issues of
 * every later agent still point at the row of the file the user uploaded. Each derived dataset
 * also knows the input it was derived from, which lets the previewer compare before and after.
 */
import { type FileHandle, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Data, Field, makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct, tableFromIPC } from "apache-arrow";
import { pieceOf, rememberPiece, type StoredBatch } from "../../engine/column-pieces.js";
import type { SpillHandoff } from "../../engine/spill-handoff.js";
import { readExactly, readInto } from "../../engine/spill-read.js";
import type { DataBatch, Dataset } from "../../engine/types.js";

/** A batch with, when its rows are not contiguous, the original row number of each row. */
export interface TracedBatch extends DataBatch {
  rows: Int32Array | null;
}

export interface SpillEntry {
  numRows: number;
  firstRow: number;
  /** Rows in the batch when their numbers are stored at rowsAt of this dataset's file; 0 when rows are contiguous from firstRow. */
  tracedRows: number;
  rowsAt: number;
  /**
   * Where column c lies: child `child[c]` of `stored[storedIndex[c]]`. The columns this agent
   * built are one batch in its own file; the ones it passed through untouched stay wherever the
   * spill they were read from holds them (see column-pieces.ts). Typed arrays, not an object per
   * column, so a wide file's entries stay small.
   */
  stored: StoredBatch[];
  storedIndex: Int32Array;
  child: Int32Array;
}

/** The original (1-based) row number of row i of a batch from any dataset. */
export function rowNumberOf(batch: DataBatch, i: number): number {
  const rows = (batch as Partial<TracedBatch>).rows;
  return rows ? rows[i] : batch.firstRow + i;
}

/** What another thread needs to read a derived dataset's batches: plain data, sent as it is. */
export interface DerivedSpillSource {
  columns: string[];
  spillPath: string;
  entries: SpillEntry[];
}

/** A derived dataset's batches on disk; a worker thread can read some of them from the same files. */
export class DerivedSpill {
  constructor(readonly source: DerivedSpillSource) {}

  get batchCount(): number {
    return this.source.entries.length;
  }

  /**
   * The batches in order, or only those at the indices `only` lists (ascending). With
   * `transient`, a batch (and every view of its cells) is valid only until the next one is asked
   * for, as SpilledDataset.transientBatches gives them: the batches are read into two sets of
   * buffers used in turn (one for the batch handed out, one for the batch read ahead). A fresh
   * buffer per stored batch was external memory that V8 counts against the old generation's
   * limit once the batch outlives two scavenges, so every few batches started a full collection.
   */
  async *batches(signal?: AbortSignal, only?: readonly number[], transient = false): AsyncIterable<TracedBatch> {
    const files = new SpillFiles();
    const entries = only ? only.map((e) => this.source.entries[e]) : this.source.entries;
    const buffers = transient ? [new ReadBuffers(), new ReadBuffers()] : null;
    // The next batch is read while the consumer works on this one (one batch ahead, so memory
    // stays bounded): the copy out of the page cache runs on libuv's threads, not the agent's.
    let ahead: Promise<TracedBatch> | null = null;
    try {
      for (let e = 0; e < entries.length; e++) {
        signal?.throwIfAborted();
        // Batch e + 1 goes into the buffers batch e - 1 had: its consumer has asked for batch e.
        const current = ahead ?? this.readEntry(files, entries[e], buffers?.[e % 2]);
        ahead = e + 1 < entries.length ? this.readEntry(files, entries[e + 1], buffers?.[(e + 1) % 2]) : null;
        // Rethrown by the await of the next round; never unhandled when the consumer stops early.
        ahead?.catch(() => undefined);
        yield await current;
      }
    } finally {
      await ahead?.catch(() => undefined);
      await files.close();
    }
  }

  /**
   * Reads batches by index in any order, each into the same buffers: a batch (and every view of
   * its cells) is valid only until the next read. For a thread that claims batches as it goes.
   */
  reader(): { read(e: number): Promise<TracedBatch>; close(): Promise<void> } {
    const files = new SpillFiles();
    const buffers = new ReadBuffers();
    return { read: (e) => this.readEntry(files, this.source.entries[e], buffers), close: () => files.close() };
  }

  private async readEntry(files: SpillFiles, entry: SpillEntry, buffers?: ReadBuffers): Promise<TracedBatch> {
    // Each stored batch is read once, however many of its columns this batch takes.
    const parts = entry.stored.map((stored, k) => files.readBatch(stored, buffers?.take(k, stored.length)));
    const rows = entry.tracedRows > 0 ? files.readRows(this.source.spillPath, entry.rowsAt, entry.tracedRows) : null;
    const batches = await Promise.all(parts);
    const fields: Field[] = [];
    const children: Data[] = [];
    for (let c = 0; c < entry.child.length; c++) {
      const from = entry.storedIndex[c];
      const child = entry.child[c];
      const field = batches[from].schema.fields[child];
      const data = batches[from].data.children[child];
      fields.push(new Field(this.source.columns[c], field.type, field.nullable, field.metadata));
      children.push(data);
      // A later agent passing this column through points at the same bytes, however many agents back.
      rememberPiece(data, entry.stored[from], child);
    }
    const data = makeData({ type: new Struct(fields), length: entry.numRows, nullCount: 0, children });
    return { batch: new RecordBatch(new Schema(fields), data), firstRow: entry.firstRow, rows: rows ? await rows : null };
  }
}

export class DerivedDataset implements Dataset {
  readonly role = "primary" as const;
  /** Its batches on disk (a thread writing some of them out reads them from there). */
  readonly spill: DerivedSpill;

  constructor(
    readonly format: Dataset["format"],
    readonly columns: string[],
    readonly rowCount: number,
    /** The input the whole chain started from. */
    readonly origin: Dataset,
    spillPath: string,
    entries: SpillEntry[],
  ) {
    this.spill = new DerivedSpill({ columns, spillPath, entries });
  }

  batches(signal?: AbortSignal): AsyncIterable<TracedBatch> {
    return this.spill.batches(signal);
  }

  transientBatches(signal?: AbortSignal): AsyncIterable<TracedBatch> {
    return this.spill.batches(signal, undefined, true);
  }
}

/** The buffers one batch of a transient read is read into: one per stored batch it takes columns from, kept and grown. */
class ReadBuffers {
  private readonly buffers: Uint8Array[] = [];

  /** `length` bytes for the batch's k-th stored part. */
  take(k: number, length: number): Uint8Array {
    let buffer = this.buffers[k];
    if (buffer === undefined || buffer.length < length) {
      // Room to spare: the batches of one spill differ in size by a few per cent.
      buffer = new Uint8Array(Math.ceil(length * 1.25));
      this.buffers[k] = buffer;
    }
    return buffer.subarray(0, length);
  }
}

/** The spill files one pass reads, each opened once. */
class SpillFiles {
  private readonly handles = new Map<string, Promise<FileHandle>>();

  private handle(path: string): Promise<FileHandle> {
    let handle = this.handles.get(path);
    if (!handle) {
      handle = open(path, "r");
      this.handles.set(path, handle);
    }
    return handle;
  }

  /** The stored batch, read into `into` (exactly its length) or into a buffer of its own. */
  async readBatch({ path, offset, length }: StoredBatch, into?: Uint8Array): Promise<RecordBatch> {
    const handle = await this.handle(path);
    return tableFromIPC(into ? await readInto(handle, into, offset) : await readExactly(handle, offset, length)).batches[0];
  }

  async readRows(path: string, offset: number, count: number): Promise<Int32Array> {
    const rows = new Int32Array(count);
    await readInto(await this.handle(path), new Uint8Array(rows.buffer), offset);
    return rows;
  }

  async close(): Promise<void> {
    const handles = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(handles.map((h) => h.then((handle) => handle.close()).catch(() => undefined)));
  }
}

/** Rows the dataset says it holds (a spilled or derived one knows), or -1. */
export function knownRows(dataset: Dataset): number {
  const rows = (dataset as Partial<{ rowCount: number }>).rowCount;
  return typeof rows === "number" ? rows : -1;
}

/** The dataset a chain started from: the uploaded input, however many agents derived from it. */
export function originOf(dataset: Dataset): Dataset {
  return dataset instanceof DerivedDataset ? dataset.origin : dataset;
}

let spillCounter = 0;

export class DerivedDatasetWriter {
  private readonly entries: SpillEntry[] = [];
  private offset = 0;
  private rows = 0;
  private inFlight: Promise<void> = Promise.resolve();

  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private readonly path: string,
    readonly columns: string[],
    private readonly source: Dataset,
    private readonly handoff: SpillHandoff | null,
  ) {}

  /**
   * Opens a spill file named after the agent in the run's spill folder. With `handoff` (the
   * run's, when this is the dataset the next agent reads), every batch is told there once it is
   * on disk, and the end of the dataset once finished.
   */
  static async open(
    spillDir: string,
    name: string,
    columns: string[],
    source: Dataset,
    handoff?: SpillHandoff,
  ): Promise<DerivedDatasetWriter> {
    const path = join(spillDir, `${name}-${process.pid}-${++spillCounter}.arrows`);
    const handle = await open(path, "w");
    const told = handoff?.open(path, columns) ? handoff : null;
    return new DerivedDatasetWriter(handle, path, columns, source, told);
  }

  /**
   * Appends a batch; `rows` is its first original row number (contiguous rows) or one per row.
   * Only the columns this agent built are written; a column handed on untouched (the very Data
   * object read from a spill) is recorded as where that spill holds it. The bytes go to disk
   * while the caller builds its next batch: at most one write is in flight (bounded memory), and
   * a failed write is thrown by the next write or by finish().
   */
  async write(batch: RecordBatch, rows: number | Int32Array): Promise<void> {
    if (batch.numRows === 0) return;
    await this.inFlight;
    const children = batch.data.children;
    const stored: StoredBatch[] = [];
    const storedIndex = new Int32Array(children.length);
    const child = new Int32Array(children.length);
    const built: number[] = [];
    for (let c = 0; c < children.length; c++) {
      const piece = pieceOf(children[c]);
      if (!piece) {
        built.push(c);
        continue;
      }
      // A batch passes columns from a handful of stored batches: a scan of this short list is enough.
      let from = stored.indexOf(piece.stored);
      if (from < 0) from = stored.push(piece.stored) - 1;
      storedIndex[c] = from;
      child[c] = piece.child;
    }
    const entry: SpillEntry = { numRows: batch.numRows, firstRow: 0, tracedRows: 0, rowsAt: 0, stored, storedIndex, child };
    let bytes: Uint8Array | null = null;
    const bytesAt = this.offset;
    if (built.length > 0) {
      const fields = built.map((c) => batch.schema.fields[c]);
      const data = makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children: built.map((c) => children[c]) });
      bytes = RecordBatchStreamWriter.writeAll([new RecordBatch(new Schema(fields), data)]).toUint8Array(true);
      const from = stored.push({ path: this.path, offset: bytesAt, length: bytes.length }) - 1;
      for (let k = 0; k < built.length; k++) {
        storedIndex[built[k]] = from;
        child[built[k]] = k;
      }
      this.offset += bytes.length;
    }
    let traced: Uint8Array | null = null;
    if (typeof rows === "number") entry.firstRow = rows;
    else {
      // A copy: the caller may reuse its row-number array before the write lands.
      const numbers = rows.slice(0, batch.numRows);
      entry.firstRow = numbers[0];
      entry.tracedRows = numbers.length;
      entry.rowsAt = this.offset;
      traced = new Uint8Array(numbers.buffer);
      this.offset += traced.length;
    }
    this.entries.push(entry);
    this.rows += batch.numRows;
    const written = this.writeAt(bytesAt, bytes, traced);
    const handoff = this.handoff;
    // Told only once its bytes are on disk, so a thread following the handoff can read it.
    this.inFlight = handoff ? written.then(() => handoff.written(entry)) : written;
    // Observed here so a failure is never unhandled; the next await of inFlight still throws it.
    this.inFlight.catch(() => undefined);
  }

  private async writeAt(offset: number, bytes: Uint8Array | null, traced: Uint8Array | null): Promise<void> {
    if (bytes) await this.handle.write(bytes, 0, bytes.length, offset);
    if (traced) await this.handle.write(traced, 0, traced.length, offset + (bytes?.length ?? 0));
  }

  /** Passes a batch through untouched, keeping its provenance. */
  async writeBatch(batch: DataBatch): Promise<void> {
    const rows = (batch as Partial<TracedBatch>).rows;
    await this.write(batch.batch, rows ?? batch.firstRow);
  }

  get rowCount(): number {
    return this.rows;
  }

  async finish(): Promise<DerivedDataset> {
    try {
      await this.inFlight;
    } catch (err) {
      await this.discard();
      throw err;
    }
    await this.handle.close();
    this.handoff?.finished();
    return new DerivedDataset(this.source.format, this.columns, this.rows, originOf(this.source), this.path, this.entries);
  }

  /** Closes and removes the file after a failure. */
  async discard(): Promise<void> {
    this.handoff?.abandon();
    await this.inFlight.catch(() => undefined);
    await this.handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}
