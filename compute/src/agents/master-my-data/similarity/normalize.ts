/**
 * Normalised comparison keys: what two spellings of the same value have in common once case,
 * accents, punctuation and formatting are set aside.
 */

/** Lower case, accents removed, punctuation to spaces, single spaces. */
export function normalizeText(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * An email's identity: lower-case, "+tag" sub-addresses dropped, and for Gmail the dots of the
 * local part too (Gmail ignores them). Returns "" when the value is not an address.
 */
export function emailKey(value: string): string {
  const text = value.trim().toLowerCase();
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return "";
  let local = text.slice(0, at);
  let domain = text.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (domain === "googlemail.com") domain = "gmail.com";
  if (domain === "gmail.com") local = local.replaceAll(".", "");
  return `${local}@${domain}`;
}

/**
 * A phone number's identity: its digits without the international prefix "00", the national
 * trunk "0" or a country code, compared on the last ten digits (a national number's length in
 * most plans). Numbers with fewer than seven digits are not phone numbers: "".
 */
export function phoneKey(value: string): string {
  let digits = value.replace(/\D/g, "");
  if (digits.startsWith("00")) digits = digits.slice(2);
  if (digits.length < 7) return "";
  return digits.length > 10 ? digits.slice(-10) : digits.replace(/^0+/, "");
}

/** Name tokens in order, normalised (for full-name comparison and phonetic keys). */
export function nameTokens(value: string): string[] {
  return normalizeText(value)
    .split(" ")
    .filter((t) => t.length > 0);
}

/** Identifier characters only, upper-case ("ab-0012 " → "AB0012"), so formatting does not count as an edit. */
export function idKey(value: string): string {
  return value.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Postcodes compared without spaces and case ("sw1a 1aa" = "SW1A1AA"). */
export function postcodeKey(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, "");
}
