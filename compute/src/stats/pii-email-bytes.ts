/**
 * A plain e-mail address told and masked on its UTF-8 bytes. A column of e-mails holds as many
 * distinct values as rows, so the verdict cache cannot spare their decoding; these hand-written
 * byte checks let the PII scan take such a cell without decoding it, with the answers the string
 * path (examinePii's e-mail recogniser, maskValue) gives.
 */

/**
 * A byte of the part before the @ in the e-mail pattern: [A-Za-z0-9._%+-]. The part after it
 * takes [A-Za-z0-9.-]. Neither takes a space, so a value they accept has nothing to trim.
 */
const LOCAL = new Uint8Array(256);
const DOMAIN = new Uint8Array(256);
for (let b = 0; b < 128; b++) {
  const alnum = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
  if (alnum || b === 46 || b === 45) {
    LOCAL[b] = 1;
    DOMAIN[b] = 1;
  }
  if (b === 95 || b === 37 || b === 43) LOCAL[b] = 1;
}

const isAsciiLetter = (b: number) => (b >= 65 && b <= 90) || (b >= 97 && b <= 122);

/** The longest value examinePii looks at (pii-entities.ts): a longer one is no e-mail to it. */
const MAX_LENGTH = 120;

/**
 * The index of the @ when values[start..end) is exactly what the e-mail pattern
 * /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/ accepts (and at most 120 bytes), else -1.
 * Neither part takes an @, so there is exactly one; the letters after the last dot take no dot,
 * so that dot is the one the pattern's \. must match, with a byte of the domain before it.
 */
export function plainEmailAt(values: Uint8Array, start: number, end: number): number {
  if (end - start > MAX_LENGTH) return -1;
  let i = start;
  while (i < end && LOCAL[values[i]] === 1) i++;
  if (i === start || i === end || values[i] !== 64) return -1;
  const at = i;
  let lastDot = -1;
  for (i = at + 1; i < end; i++) {
    const b = values[i];
    if (DOMAIN[b] !== 1) return -1;
    if (b === 46) lastDot = i;
  }
  if (lastDot < at + 2 || end - lastDot - 1 < 2) return -1;
  for (i = lastDot + 1; i < end; i++) if (!isAsciiLetter(values[i])) return -1;
  return at;
}

const MEMO_BITS = 10;
const MEMO_SHIFT = 32 - MEMO_BITS;

/**
 * maskValue(text, "email") of plain e-mails (see plainEmailAt) from their bytes: the first
 * character, max(3, @ index - 1) stars, the @ and the domain. The masked forms of a column's
 * e-mails are few (a handful of domains and local-part lengths), so each is made once and
 * remembered, keyed by the first byte, the number of stars and the domain's bytes.
 */
export class EmailMasks {
  private readonly firsts = new Int32Array(1 << MEMO_BITS).fill(-1);
  private readonly stars = new Int32Array(1 << MEMO_BITS);
  private readonly domains: (Uint8Array | null)[] = new Array(1 << MEMO_BITS).fill(null);
  private readonly masks: string[] = new Array(1 << MEMO_BITS).fill("");
  private readonly decoder = new TextDecoder();

  /** `decorate` wraps each masked form once, when it is first made (a spill line's fixed parts). */
  constructor(private readonly decorate: (masked: string) => string = (masked) => masked) {}

  /** The (decorated) masked form of the plain e-mail values[start..end) whose @ is at `at`. */
  masked(values: Uint8Array, start: number, end: number, at: number): string {
    const first = values[start];
    const stars = Math.max(3, at - start - 1);
    let hash = Math.imul(first * 131 + stars, 0x9e3779b1);
    for (let i = at + 1; i < end; i++) hash = Math.imul(hash ^ values[i], 0x01000193);
    const slot = hash >>> MEMO_SHIFT;
    if (this.firsts[slot] === first && this.stars[slot] === stars && this.sameDomain(slot, values, at, end)) return this.masks[slot];
    const masked = this.decorate(`${String.fromCharCode(first)}${"*".repeat(stars)}${this.decoder.decode(values.subarray(at, end))}`);
    this.firsts[slot] = first;
    this.stars[slot] = stars;
    this.domains[slot] = values.slice(at, end);
    this.masks[slot] = masked;
    return masked;
  }

  private sameDomain(slot: number, values: Uint8Array, at: number, end: number): boolean {
    const domain = this.domains[slot] as Uint8Array;
    if (domain.length !== end - at) return false;
    for (let k = 0; k < domain.length; k++) if (domain[k] !== values[at + k]) return false;
    return true;
  }
}
