/** Reading a spilled batch back: exactly its bytes, or an error. */
import type { FileHandle } from "node:fs/promises";

/** `length` bytes of `handle` at `offset`, in a buffer of their own (a batch's cells are views of it). */
export async function readExactly(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  return readInto(handle, new Uint8Array(length), offset);
}

/**
 * Fills `bytes` from `handle` at `offset`. A short read (a spill cut off on a full disk, say) is
 * an error: the buffer's unread tail would otherwise be read as cells.
 */
export async function readInto(handle: FileHandle, bytes: Uint8Array, offset: number): Promise<Uint8Array> {
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, offset);
  if (bytesRead !== bytes.length) throw new Error(`A spill gave ${bytesRead} of a batch's ${bytes.length} bytes at ${offset}`);
  return bytes;
}
