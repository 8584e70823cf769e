/**
 * The dataset a cleaning agent hands to the next one: its output batches spilled to disk as
 * Arrow IPC, read back one batch at a time like the input. Rows keep their provenance: a batch
 * that lost rows stores the original row number of each row beside it, so row-level issues of
 * every later agent still point at the row of the file the user uploaded. Each derived dataset
 * also knows the input it was derived from, which lets the previewer compare before and after.
 */
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { type RecordBatch, RecordBatchStreamWriter, tableFromIPC } from "apache-arrow";
import type { DataBatch, Dataset } from "../../engine/types.js";

/** A batch with, when its rows are not contiguous, the original row number of each row. */
export interface TracedBatch extends DataBatch {
  rows: Int32Array | null;
}

interface SpillEntry {
  offset: number;
  length: number;
  firstRow: number;
  /** Rows in the batch when row numbers follow the IPC bytes; 0 when rows are contiguous from firstRow. */
  tracedRows: number;
}

/** The original (1-based) row number of row i of a batch from any dataset. */
export function rowNumberOf(batch: DataBatch, i: number): number {
  const rows = (batch as Partial<TracedBatch>).rows;
  return rows ? rows[i] : batch.firstRow + i;
}

export class DerivedDataset implements Dataset {
  readonly role = "primary" as const;

  constructor(
    readonly format: Dataset["format"],
    readonly columns: string[],
    readonly rowCount: number,
    /** The input the whole chain started from. */
    readonly origin: Dataset,
    private readonly spillPath: string,
    private readonly entries: SpillEntry[],
  ) {}

  async *batches(signal?: AbortSignal): AsyncIterable<TracedBatch> {
    const handle = await open(this.spillPath, "r");
    try {
      for (const entry of this.entries) {
        signal?.throwIfAborted();
        const bytes = new Uint8Array(entry.length);
        await handle.read(bytes, 0, entry.length, entry.offset);
        const batch = tableFromIPC(bytes).batches[0];
        let rows: Int32Array | null = null;
        if (entry.tracedRows > 0) {
          rows = new Int32Array(entry.tracedRows);
          await handle.read(new Uint8Array(rows.buffer), 0, rows.byteLength, entry.offset + entry.length);
        }
        yield { batch, firstRow: entry.firstRow, rows };
      }
    } finally {
      await handle.close();
    }
  }
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

  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private readonly path: string,
    readonly columns: string[],
    private readonly source: Dataset,
  ) {}

  /** Opens a spill file named after the agent in the run's spill folder. */
  static async open(spillDir: string, name: string, columns: string[], source: Dataset): Promise<DerivedDatasetWriter> {
    const path = join(spillDir, `${name}-${process.pid}-${++spillCounter}.arrows`);
    return new DerivedDatasetWriter(await open(path, "w"), path, columns, source);
  }

  /** Appends a batch; `rows` is its first original row number (contiguous rows) or one per row. */
  async write(batch: RecordBatch, rows: number | Int32Array): Promise<void> {
    if (batch.numRows === 0) return;
    const bytes = RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
    await this.handle.write(bytes, 0, bytes.length, this.offset);
    const entry: SpillEntry = { offset: this.offset, length: bytes.length, firstRow: 0, tracedRows: 0 };
    this.offset += bytes.length;
    if (typeof rows === "number") entry.firstRow = rows;
    else {
      const traced = rows.subarray(0, batch.numRows);
      entry.firstRow = traced[0];
      entry.tracedRows = traced.length;
      const raw = new Uint8Array(traced.buffer, traced.byteOffset, traced.byteLength);
      await this.handle.write(raw, 0, raw.length, this.offset);
      this.offset += raw.length;
    }
    this.entries.push(entry);
    this.rows += batch.numRows;
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
    await this.handle.close();
    return new DerivedDataset(this.source.format, this.columns, this.rows, originOf(this.source), this.path, this.entries);
  }

  /** Closes and removes the file after a failure. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}
