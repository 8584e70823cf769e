/**
 * Phone numbers to E.164 (+<country code><national number>). A number written with + or an
 * international prefix (00, 011) keeps its country code; any other is read as a national number
 * of the default country: its trunk prefix (0, or 1 in the North American plan, 8 in Russia) is
 * dropped and its length checked against the country's numbering plan.
 */

interface NumberingPlan {
  callingCode: string;
  /** Dropped from national numbers; "" where the leading 0 is part of the number (Italy). */
  trunk: string;
  minLength: number;
  maxLength: number;
}

function plan(callingCode: string, trunk: string, minLength: number, maxLength = minLength): NumberingPlan {
  return { callingCode, trunk, minLength, maxLength };
}

export const NUMBERING_PLANS: Record<string, NumberingPlan> = {
  US: plan("1", "1", 10),
  CA: plan("1", "1", 10),
  PR: plan("1", "1", 10),
  GB: plan("44", "0", 9, 10),
  IE: plan("353", "0", 7, 9),
  FR: plan("33", "0", 9),
  DE: plan("49", "0", 6, 13),
  AT: plan("43", "0", 4, 13),
  CH: plan("41", "0", 9),
  IT: plan("39", "", 6, 11),
  ES: plan("34", "", 9),
  PT: plan("351", "", 9),
  NL: plan("31", "0", 9),
  BE: plan("32", "0", 8, 9),
  LU: plan("352", "", 4, 11),
  DK: plan("45", "", 8),
  NO: plan("47", "", 8),
  SE: plan("46", "0", 7, 9),
  FI: plan("358", "0", 5, 12),
  PL: plan("48", "", 9),
  CZ: plan("420", "", 9),
  SK: plan("421", "0", 9),
  HU: plan("36", "06", 8, 9),
  GR: plan("30", "", 10),
  RO: plan("40", "0", 9),
  BG: plan("359", "0", 8, 9),
  HR: plan("385", "0", 8, 9),
  RU: plan("7", "8", 10),
  UA: plan("380", "0", 9),
  TR: plan("90", "0", 10),
  IL: plan("972", "0", 8, 9),
  AE: plan("971", "0", 8, 9),
  SA: plan("966", "0", 9),
  EG: plan("20", "0", 9, 10),
  ZA: plan("27", "0", 9),
  NG: plan("234", "0", 8, 10),
  KE: plan("254", "0", 9),
  IN: plan("91", "0", 10),
  PK: plan("92", "0", 9, 10),
  CN: plan("86", "0", 10, 11),
  JP: plan("81", "0", 9, 10),
  KR: plan("82", "0", 8, 10),
  SG: plan("65", "", 8),
  HK: plan("852", "", 8),
  TW: plan("886", "0", 8, 9),
  MY: plan("60", "0", 9, 10),
  TH: plan("66", "0", 8, 9),
  VN: plan("84", "0", 9, 10),
  PH: plan("63", "0", 10),
  ID: plan("62", "0", 9, 12),
  AU: plan("61", "0", 9),
  NZ: plan("64", "0", 8, 10),
  BR: plan("55", "0", 10, 11),
  MX: plan("52", "", 10),
  AR: plan("54", "0", 10),
  CL: plan("56", "", 9),
  CO: plan("57", "", 10),
  PE: plan("51", "0", 8, 9),
};

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i;

/** The E.164 form, or null when the text is not a plausible phone number. */
export function toE164(raw: string, defaultCountry: string): string | null {
  const text = raw.trim().replace(EXTENSION, "");
  if (text === "" || /[^\d\s().+\-/]/.test(text)) return null;
  const plus = text.startsWith("+");
  let digits = text.replace(/\D/g, "");
  const home = NUMBERING_PLANS[defaultCountry.toUpperCase()];
  let international = plus;
  if (!plus && digits.startsWith("00")) {
    digits = digits.slice(2);
    international = true;
  } else if (!plus && home?.callingCode === "1" && digits.startsWith("011")) {
    digits = digits.slice(3);
    international = true;
  }
  if (international) return digits.length >= 8 && digits.length <= 15 && digits[0] !== "0" ? `+${digits}` : null;
  if (!home) return null;
  if (home.trunk !== "" && digits.startsWith(home.trunk) && digits.length - home.trunk.length >= home.minLength) {
    digits = digits.slice(home.trunk.length);
  }
  if (digits.length < home.minLength || digits.length > home.maxLength) return null;
  return `+${home.callingCode}${digits}`;
}
