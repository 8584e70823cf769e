/**
 * The records a reader left out because their field count did not match the header's. Every one
 * is counted and written, verbatim, to an NDJSON spill file beside the input's Arrow spill, so
 * quarantine.csv can give each one back exactly as it was in the file while memory holds only a
 * short sample. The spill keeps raw text up to RAGGED_SPILL_BYTES in all; past it a record keeps
 * its position and field count but not its text (`raw: null`), and the count of those is exact.
 * A single record is already bounded by the reader (64 MiB, or the file fails as unreadable).
 */
import { closeSync, createReadStream, openSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import type { RaggedRow } from "../readers/reader-options.js";

/** Raw text kept on disk for a run's ragged records of one input. */
export const RAGGED_SPILL_BYTES = 256 * 1024 * 1024;
/** Ragged records kept in memory (for report.json) with their text cut to RAGGED_SAMPLE_CHARS. */
export const RAGGED_SAMPLE_LIMIT = 1_000;
export const RAGGED_SAMPLE_CHARS = 1_000;

/** One left-out record as written to the spill and read back. */
export interface RaggedRecord {
  row: number;
  line: number;
  byte_offset: number;
  fields: number;
  expected: number;
  /** The record's text (UTF-8 decoded, invalid bytes replaced); null past RAGGED_SPILL_BYTES. */
  raw: string | null;
}

const decoder = new TextDecoder();

export class RaggedRecords {
  count = 0;
  /** Records whose text was not kept because the spill reached RAGGED_SPILL_BYTES. */
  rawDropped = 0;
  readonly samples: RaggedRecord[] = [];
  private rawBytes = 0;
  private fd: number | null = null;

  constructor(
    private readonly path: string,
    private readonly spillBytes = RAGGED_SPILL_BYTES,
  ) {}

  /** Called synchronously from the reader; the record's bytes are copied before it returns. */
  add(row: RaggedRow): void {
    this.count++;
    const keep = this.rawBytes + row.raw.length <= this.spillBytes;
    if (keep) this.rawBytes += row.raw.length;
    else this.rawDropped++;
    const raw = keep || this.samples.length < RAGGED_SAMPLE_LIMIT ? decoder.decode(row.raw) : null;
    const record: RaggedRecord = {
      row: row.row,
      line: row.line,
      byte_offset: row.byteOffset,
      fields: row.fields,
      expected: row.expected,
      raw: keep ? raw : null,
    };
    if (this.samples.length < RAGGED_SAMPLE_LIMIT) {
      this.samples.push({ ...record, raw: raw === null ? null : raw.slice(0, RAGGED_SAMPLE_CHARS) });
    }
    this.fd ??= openSync(this.path, "w");
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  /** Closes the spill; records() may then be read any number of times. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Every record in file order, read back from the spill one line at a time. */
  async *records(): AsyncIterable<RaggedRecord> {
    if (this.count === 0) return;
    const lines = createInterface({ input: createReadStream(this.path, { encoding: "utf8" }), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) if (line !== "") yield JSON.parse(line) as RaggedRecord;
  }
}
