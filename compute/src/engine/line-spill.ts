/**
 * Text lines appended to a local file and read back in order: how findings too many to hold
 * (one per cell of a million-row column) wait on disk until the end of a scan.
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";

/** Bytes buffered before an append: large enough that writes are few, small enough to stay flat. */
const FLUSH_BYTES = 1 << 20;
const READ_BYTES = 1 << 16;
/** The most UTF-8 bytes one UTF-16 code unit can take (a surrogate pair takes 4 for 2). */
const MAX_BYTES_PER_UNIT = 3;

/** Digits of the largest safe integer (2^53 - 1). */
export const SAFE_INTEGER_DIGITS = 16;

/** Writes a non-negative safe integer's decimal digits into `into` at `at`; returns where they end. */
export function writeDecimal(into: Uint8Array, at: number, n: number): number {
  let digits = 1;
  for (let power = 10; power <= n; power *= 10) digits++;
  let k = at + digits;
  do {
    into[--k] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return at + digits;
}

/**
 * Appends lines to a file through one reused byte buffer. Lines are encoded as they come rather
 * than held as strings until a flush: a scan that adds a line per cell would otherwise keep tens
 * of thousands of young strings alive at every scavenge, and V8 moves such densely live pages to
 * the old generation whole, where they wait as garbage for the next full collection (a
 * million-row PII column grew the main heap by tens of MiB that way).
 */
export class LineFileWriter {
  count = 0;
  /** Grown as lines come, up to FLUSH_BYTES: a scan opens a writer per column, most of which get few lines or none. */
  private buffer = Buffer.alloc(0);
  private used = 0;
  private fd: number | null = null;
  private closed = false;

  constructor(readonly path: string) {}

  /** Appends `line`, which must end with "\n" (or be a whole record the reader splits on "\n"). */
  add(line: string): void {
    this.assertOpen();
    this.count++;
    this.write(line);
  }

  /**
   * add() of `${row}${rest}` without making that string: a non-negative integer's digits go
   * straight into the buffer (the PII scan writes one such line per e-mail cell).
   */
  addNumbered(row: number, rest: string): void {
    if (!Number.isSafeInteger(row) || row < 0) {
      this.add(`${row}${rest}`);
      return;
    }
    this.assertOpen();
    this.count++;
    this.reserve(SAFE_INTEGER_DIGITS);
    this.used = writeDecimal(this.buffer, this.used, row);
    this.write(rest);
  }

  /** add() of a line already encoded: bytes[start..end), its "\n" included. */
  addBytes(bytes: Uint8Array, start: number, end: number): void {
    this.assertOpen();
    this.count++;
    const length = end - start;
    if (this.reserve(length)) {
      this.buffer.set(bytes.subarray(start, end), this.used);
      this.used += length;
      return;
    }
    this.fd ??= openSync(this.path, "w");
    let written = 0;
    while (written < length) written += writeSync(this.fd, bytes, start + written, length - written);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`${this.path} was written after it closed`);
  }

  private write(text: string): void {
    if (this.reserve(text.length * MAX_BYTES_PER_UNIT)) {
      this.used += this.buffer.write(text, this.used);
      return;
    }
    // A line longer than the buffer (a cell of megabytes) goes to the file as it is.
    this.fd ??= openSync(this.path, "w");
    writeSync(this.fd, text);
  }

  /** Room for `bytes` more in the buffer (flushed or grown); false when they would not fit even an empty one. */
  private reserve(bytes: number): boolean {
    if (this.used + bytes <= this.buffer.length) return true;
    if (this.used + bytes > FLUSH_BYTES) {
      this.flush();
      if (bytes > FLUSH_BYTES) return false;
    }
    if (this.used + bytes > this.buffer.length) {
      let size = Math.max(4096, this.buffer.length * 2);
      while (size < this.used + bytes) size *= 2;
      const grown = Buffer.allocUnsafe(Math.min(size, FLUSH_BYTES));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    return true;
  }

  /**
   * A synchronous append of a bounded buffer keeps memory flat without every scan loop having
   * to await a stream's backpressure.
   */
  private flush(): void {
    if (this.used === 0) return;
    this.fd ??= openSync(this.path, "w");
    let written = 0;
    while (written < this.used) written += writeSync(this.fd, this.buffer, written, this.used - written);
    this.used = 0;
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

/**
 * Reads the "\n"-separated lines of a file written by LineFileWriter, in order, a bounded chunk
 * at a time. readBytes() hands a line out as bytes of its buffer, for readers that copy lines on
 * to another file without decoding them; read() decodes it.
 */
export class LineFileReader {
  private fd: number | null;
  /** The current line is bytes[start..end) after readBytes(), valid until the next read. */
  bytes = new Uint8Array(READ_BYTES);
  start = 0;
  end = 0;
  /** Bytes read into the buffer, and where the next line starts. */
  private filled = 0;
  private next = 0;
  private readonly decoder = new TextDecoder();

  /** `path` null: a writer that never wrote (no lines). */
  constructor(path: string | null) {
    this.fd = path === null ? null : openSync(path, "r");
  }

  /** The next line without its "\n", or null at the end (the file is then closed). */
  read(): string | null {
    return this.readBytes() ? this.decoder.decode(this.bytes.subarray(this.start, this.end)) : null;
  }

  /** Moves to the next line (bytes[start..end), without its "\n"); false at the end, the file then closed. */
  readBytes(): boolean {
    for (;;) {
      const newline = this.bytes.indexOf(10, this.next);
      if (newline >= 0 && newline < this.filled) {
        this.start = this.next;
        this.end = newline;
        this.next = newline + 1;
        return true;
      }
      if (!this.fill()) return false;
    }
  }

  /**
   * Keeps the unread bytes, moved to the front, and reads more after them. A line longer than
   * the buffer doubles it, so a line of megabytes costs its size once, not a copy per chunk.
   */
  private fill(): boolean {
    if (this.fd === null) return false;
    const kept = this.filled - this.next;
    if (kept > 0 && this.next === 0 && kept === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    } else if (this.next > 0) this.bytes.copyWithin(0, this.next, this.filled);
    this.next = 0;
    this.filled = kept;
    const n = readSync(this.fd, this.bytes, kept, this.bytes.length - kept, null);
    if (n === 0) {
      closeSync(this.fd);
      this.fd = null;
      if (kept > 0) throw new Error("A spill file ends inside a line");
      return false;
    }
    this.filled += n;
    return true;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
