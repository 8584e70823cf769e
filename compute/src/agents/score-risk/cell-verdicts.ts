/**
 * What the recognisers make of each cell of one column, each distinct value examined once while
 * the column's verdict cache has room (VERDICT_CACHE_SIZE values): the match, a failed checksum,
 * the entities written inside free text.
 */

import { type ParsedPhone, PhoneRegions } from "../../stats/phone-numbers.js";
import { plainEmailAt } from "../../stats/pii-email-bytes.js";
import {
  type ColumnContext,
  embeddedPii,
  examinePii,
  FREE_TEXT_MIN_LENGTH,
  type InvalidPii,
  type PiiEntity,
  type PiiMatch,
} from "../../stats/pii-entities.js";
import { cellText, type Utf8Cells } from "../../stats/utf8-column.js";
import { isAsciiBytes, VerdictCache } from "./verdict-cache.js";

/** Values remembered per column with their verdict, so repeated values are examined once. */
const VERDICT_CACHE_SIZE = 20_000;

export interface Verdict {
  match: PiiMatch | null;
  invalid: InvalidPii | null;
  embedded: PiiEntity[];
}

/** The verdict of every value in which nothing was found (one object, told apart by identity). */
export const NOTHING: Verdict = { match: null, invalid: null, embedded: [] };

/** The column's phone regions, counting the numbers looked up (see ColumnPart.phoneLookups). */
class CountedPhoneRegions extends PhoneRegions {
  lookups = 0;

  override parse(text: string): ParsedPhone | null {
    this.lookups++;
    return super.parse(text);
  }
}

export class ColumnVerdicts {
  /** The text of the cell last judged, when it was decoded (see of). */
  text: string | null = null;
  /** What the recognisers learn about the column as its values go by (the phone regions). */
  private readonly phones = new CountedPhoneRegions();
  private readonly ctx: ColumnContext = { phones: this.phones };
  private readonly cache = new VerdictCache<Verdict>(VERDICT_CACHE_SIZE);
  private learnedEmail: Verdict | null = null;

  constructor(
    readonly named: Set<PiiEntity>,
    private readonly headerBoost: number,
  ) {}

  /** Phone numbers looked up so far while examining the column's values. */
  get phoneLookups(): number {
    return this.phones.lookups;
  }

  /** The cache takes no more values: a value is then examined afresh unless it is among them. */
  get full(): boolean {
    return this.cache.full;
  }

  /**
   * The verdict examinePii gave the first plain e-mail (see plainEmailAt) judged in this column,
   * or null before one was. Every plain e-mail gets that same verdict: the e-mail recogniser's
   * score with this header's boost, no other recogniser taking a value with an @ but no space,
   * and nothing learnt from the column's earlier values. So a cell of one can be judged on its bytes.
   */
  get emailVerdict(): Verdict | null {
    return this.learnedEmail;
  }

  /**
   * The verdict of cell i, from the cache or examined (and cached while there is room). The cell
   * is decoded only when the cache does not know it or the verdict found something (the finding
   * is written with its masked text): `text` then holds it.
   */
  of(chunk: Utf8Cells, i: number): Verdict {
    const start = chunk.offsets[i];
    const end = chunk.offsets[i + 1];
    const ascii = isAsciiBytes(chunk.values, start, end);
    const known = ascii ? this.cache.getAscii(chunk.values, start, end) : undefined;
    if (known !== undefined) {
      this.text = known === NOTHING ? null : cellText(chunk, i);
      return known;
    }
    const text = cellText(chunk, i);
    this.text = text;
    if (ascii) {
      const verdict = this.examine(text);
      this.cache.setAscii(chunk.values, start, end, verdict);
      if (this.learnedEmail === null && verdict.match?.entity === "email" && plainEmailAt(chunk.values, start, end) >= 0) {
        this.learnedEmail = verdict;
      }
      return verdict;
    }
    const cached = this.cache.getText(text);
    if (cached !== undefined) return cached;
    const verdict = this.examine(text);
    this.cache.setText(text, verdict);
    return verdict;
  }

  private examine(text: string): Verdict {
    const { match, invalid } = examinePii(text, this.named, this.headerBoost, this.ctx);
    const freeText = !match && !invalid && text.length >= FREE_TEXT_MIN_LENGTH && text.includes(" ");
    const embedded = freeText ? embeddedPii(text, this.ctx) : [];
    return match || invalid || embedded.length > 0 ? { match, invalid, embedded } : NOTHING;
  }
}
