/**
 * The order of two values kept as UTF-8 bytes, as their decoded texts compare in JavaScript
 * (UTF-16 code units, what `a < b` on strings does), so values can be ranked without decoding.
 */
import { bytesText } from "./utf8-column.js";

const BOM_FIRST_BYTE = 0xef;

/**
 * Negative, zero or positive as bytesText(a) is before, equal to or after bytesText(b).
 * While both are ASCII the bytes are the code units. At the first differing byte, an ASCII byte
 * facing a non-ASCII one is the smaller in both orders (whatever a byte ≥ 0x80 starts, valid or
 * not, decodes to code units ≥ 0x80), except a first byte 0xEF, which may start a BOM that
 * decoding drops. Anything else past ASCII (UTF-16 order differs from byte order above U+FFFF;
 * invalid bytes become U+FFFD) is decoded.
 */
export function compareAsText(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let k = 0; k < n; k++) {
    const x = a[aStart + k];
    const y = b[bStart + k];
    if (x === y) {
      if (x < 0x80) continue;
      return compareDecoded(a, aStart, aEnd, b, bStart, bEnd);
    }
    if ((x < 0x80 || y < 0x80) && (k > 0 || (x !== BOM_FIRST_BYTE && y !== BOM_FIRST_BYTE))) return x - y;
    return compareDecoded(a, aStart, aEnd, b, bStart, bEnd);
  }
  // An equal ASCII prefix: the shorter is before, unless one is empty and the other may be a lone BOM.
  if (n === 0 && (a[aStart] === BOM_FIRST_BYTE || b[bStart] === BOM_FIRST_BYTE)) return compareDecoded(a, aStart, aEnd, b, bStart, bEnd);
  return aEnd - aStart - (bEnd - bStart);
}

function compareDecoded(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const x = bytesText(a, aStart, aEnd);
  const y = bytesText(b, bStart, bEnd);
  return x < y ? -1 : x > y ? 1 : 0;
}
