/**
 * Text lines appended to a local file and read back in order: how findings too many to hold
 * (one per cell of a million-row column) wait on disk until the end of a scan.
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";

/** Characters buffered before an append: large enough that writes are few, small enough to stay flat. */
const FLUSH_CHARS = 1 << 20;
const READ_BYTES = 1 << 16;

export class LineFileWriter {
  count = 0;
  private pending: string[] = [];
  private pendingChars = 0;
  private fd: number | null = null;
  private closed = false;

  constructor(readonly path: string) {}

  /** Appends `line`, which must end with "\n" (or be a whole record the reader splits on "\n"). */
  add(line: string): void {
    if (this.closed) throw new Error(`${this.path} was written after it closed`);
    this.count++;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /**
   * A synchronous append of a bounded buffer keeps memory flat without every scan loop having
   * to await a stream's backpressure.
   */
  private flush(): void {
    if (this.pending.length === 0) return;
    this.fd ??= openSync(this.path, "w");
    writeSync(this.fd, this.pending.join(""));
    this.pending = [];
    this.pendingChars = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/** Reads the "\n"-separated lines of a file written by LineFileWriter, in order, a bounded chunk at a time. */
export class LineFileReader {
  private fd: number | null;
  private lines: string[] = [];
  private next = 0;
  private carry: Uint8Array = new Uint8Array(0);
  private readonly buffer = new Uint8Array(READ_BYTES);
  private readonly decoder = new TextDecoder();

  /** `path` null: a writer that never wrote (no lines). */
  constructor(path: string | null) {
    this.fd = path === null ? null : openSync(path, "r");
  }

  /** The next line without its "\n", or null at the end (the file is then closed). */
  read(): string | null {
    while (this.next >= this.lines.length) {
      if (!this.fill()) return null;
    }
    return this.lines[this.next++];
  }

  private fill(): boolean {
    if (this.fd === null) return false;
    const n = readSync(this.fd, this.buffer, 0, READ_BYTES, null);
    if (n === 0) {
      closeSync(this.fd);
      this.fd = null;
      if (this.carry.length > 0) throw new Error("A spill file ends inside a line");
      return false;
    }
    const bytes = new Uint8Array(this.carry.length + n);
    bytes.set(this.carry);
    bytes.set(this.buffer.subarray(0, n), this.carry.length);
    const last = bytes.lastIndexOf(10);
    // Lines are decoded whole, so a character split between two reads is never cut.
    this.carry = bytes.slice(last + 1);
    this.lines = last < 0 ? [] : this.decoder.decode(bytes.subarray(0, last)).split("\n");
    this.next = 0;
    return true;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
