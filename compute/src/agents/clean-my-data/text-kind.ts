/**
 * classifyText (stats/value-parse.ts) for the hot paths of the cleaning agents: the same
 * classifyCell over the text's UTF-8 bytes, but written into one reused buffer and scratch
 * instead of a new encoder, byte array and result per call, which cost more than the
 * classification itself on a column of unique values.
 */
import { type CellKind, classifyCell, newParsedCell, type ParsedCell } from "../../stats/value-parse.js";

const encoder = new TextEncoder();
let buffer = new Uint8Array(256);

/** A scratch for classifyTextInto, read as classifyText's result (default options: no decimal comma, no day-first). */
export function newTextCell(): ParsedCell {
  return newParsedCell();
}

/** The kind classifyText gives `text`; its value and leadingZero are left in `out`. */
export function classifyTextInto(text: string, out: ParsedCell): CellKind {
  if (buffer.length < text.length * 3) buffer = new Uint8Array(text.length * 3);
  const length = encoder.encodeInto(text, buffer).written;
  // A view of exactly the text's bytes: the parser then sees past the end what it sees on a fresh array.
  return classifyCell(buffer.subarray(0, length), 0, length, out);
}
