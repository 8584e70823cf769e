/**
 * Phone numbers parsed and validated per region with libphonenumber-js ("max" metadata: the
 * number-type patterns, so `+1 999 123 4567` — no such area code — is rejected, not just
 * checked for length). Shared by the PII scan (is this a phone number?) and clean-my-data
 * (write it as E.164).
 */
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";

/** Regions tried for national numbers (no + or international prefix) when nothing else is known. */
export const DEFAULT_PHONE_REGIONS: CountryCode[] = ["US", "GB", "FR", "DE", "ES", "IT", "NL", "BE", "CH", "CA", "AU", "IN", "BR", "MX"];

const GIVE_UP_AFTER = 200;
const GIVE_UP_SHARE = 0.1;

/** Digits, spaces and the punctuation phone numbers are written with, and an optional extension. */
const PHONE_SHAPE = /^(?:\+|00)?[\d\s().\-/]{6,24}(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?$/i;

/** libphonenumber-js knows each region's own international prefix (011 in the US); "00", the prefix of most of the world, is read as such whatever the region. */
function international(text: string): string {
  return text.startsWith("00") ? `+${text.slice(2)}` : text;
}

export interface ParsedPhone {
  e164: string;
  region: string | undefined;
}

/** The number when `text` is a valid phone number read in `region` (or written internationally), else null. */
export function parsePhone(text: string, region?: string): ParsedPhone | null {
  const trimmed = text.trim();
  if (!PHONE_SHAPE.test(trimmed)) return null;
  const country = region && isSupportedCountry(region.toUpperCase()) ? (region.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(international(trimmed), country ? { defaultCountry: country } : undefined);
  if (!parsed?.isValid()) return null;
  return { e164: parsed.number, region: parsed.country };
}

/** Whether the value is written internationally (+ or 00), so no region has to be guessed. */
export function isInternational(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith("+") || t.startsWith("00");
}

/** The E.164 form, or null when the text is not a valid phone number (national numbers read in defaultCountry). */
export function toE164(raw: string, defaultCountry: string): string | null {
  return parsePhone(raw, defaultCountry)?.e164 ?? null;
}

/**
 * Reads the phone numbers of one column: international numbers as written, national ones in the
 * regions this column's numbers have turned out to belong to (all default regions at first,
 * then only those that matched), so a French column is read as French.
 */
export class PhoneRegions {
  private readonly hits = new Map<string, number>();
  private seen = 0;
  private attempts = 0;
  private found = 0;

  constructor(private readonly candidates: readonly string[] = DEFAULT_PHONE_REGIONS) {}

  private regions(): readonly string[] {
    if (this.seen < 50) return this.candidates;
    const ranked = [...this.hits].filter(([, n]) => n >= this.seen * 0.05).sort((a, b) => b[1] - a[1]);
    return ranked.length ? ranked.map(([r]) => r) : this.candidates.slice(0, 1);
  }

  /**
   * False once the column has shown it is not a phone column (under 10 % of 200 phone-shaped
   * values parsed): parsing is costly and such a column could not reach a PII share anyway.
   */
  get active(): boolean {
    return this.attempts < GIVE_UP_AFTER || this.found >= this.attempts * GIVE_UP_SHARE;
  }

  parse(text: string): ParsedPhone | null {
    if (!this.active) return null;
    this.attempts++;
    const parsed = this.parseWithRegions(text);
    if (parsed) this.found++;
    return parsed;
  }

  private parseWithRegions(text: string): ParsedPhone | null {
    if (isInternational(text)) return parsePhone(text);
    for (const region of this.regions()) {
      const parsed = parsePhone(text, region);
      if (parsed) {
        this.seen++;
        this.hits.set(region, (this.hits.get(region) ?? 0) + 1);
        return parsed;
      }
    }
    return null;
  }

  /** The region national numbers were read in most often, if any. */
  topRegion(): string | null {
    let best: [string, number] | null = null;
    for (const e of this.hits) if (!best || e[1] > best[1]) best = e;
    return best ? best[0] : null;
  }
}
