/**
 * Reading values written for people as values a program can use: numbers with thousands
 * separators, currency signs or accounting parentheses, and yes/no style booleans. The text is
 * normalised here and the number itself is parsed by the engine's one number parser.
 */
import { CellKind, classifyTextInto, newParsedCell } from "../../stats/value-parse.js";

const parsedText = newParsedCell();

const CURRENCY_SIGNS = /^[$€£¥₹₩₽¢]|[$€£¥₹₩₽¢]$/g;
const CURRENCY_CODES = /^(USD|EUR|GBP|JPY|CHF|CAD|AUD|INR|CNY|SEK|NOK|DKK)\s*|\s*(USD|EUR|GBP|JPY|CHF|CAD|AUD|INR|CNY|SEK|NOK|DKK)$/gi;
const GROUPED_COMMA = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const GROUPED_DOT = /^\d{1,3}(\.\d{3})+(,\d+)?$/;
const GROUPED_SPACE = /^\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$/;
const DECIMAL_COMMA = /^\d+,\d+$/;

/** A number written with separators, currency or parentheses; null when the text is not one. */
export function parseLooseNumber(raw: string): number | null {
  return looseNumber(raw)?.value ?? null;
}

/**
 * ASCII bytes a text looseNumber reads can hold: digits, the letters of currency codes and of an
 * exponent, whitespace trim removes, parentheses, signs, "$", and the separators "." and ",".
 * Every other ASCII byte (":", "@", "/", "%", …) is neither stripped nor read by it.
 */
const LOOSE_NUMBER_ASCII = (() => {
  const allowed = new Uint8Array(128);
  for (const ch of "0123456789 \t\n\v\f\r()+-.,$") allowed[ch.charCodeAt(0)] = 1;
  for (let b = 0x41; b <= 0x5a; b++) allowed[b] = allowed[b + 0x20] = 1;
  return allowed;
})();

/**
 * True when parseLooseNumber of the text of values[start, end) is surely null, read from the
 * bytes: the text has no ASCII digit (every number it reads is written with one; "inf" is not
 * finite) or an ASCII byte it cannot hold. Non-ASCII bytes (currency signs, Unicode spaces) are
 * left to it. Text columns (names, e-mails, timestamps, categories) are settled here without a
 * decode or a memo lookup.
 */
export function notLooseNumberBytes(values: Uint8Array, start: number, end: number): boolean {
  let digit = false;
  for (let k = start; k < end; k++) {
    const b = values[k];
    if (b >= 0x80) continue;
    if (b >= 0x30 && b <= 0x39) digit = true;
    else if (LOOSE_NUMBER_ASCII[b] === 0) return true;
  }
  return !digit;
}

/**
 * The number as plain text with its digits as written: "$6,748.80" → "6748.80", "(1,000)" →
 * "-1000", "1.008,30 €" → "1008.30" (the decimals a user wrote are kept); null when not a number.
 */
export function looseNumberText(raw: string): string | null {
  const n = looseNumber(raw);
  if (n === null) return null;
  return n.value === 0 || !n.negative ? n.digits : `-${n.digits}`;
}

function looseNumber(raw: string): { value: number; negative: boolean; digits: string } | null {
  let text = raw.trim();
  if (text === "") return null;
  // Already a plain number ("2.000", "90.90"): read as the engine reads it, written as it was.
  const direct = classifyTextInto(text, parsedText);
  if ((direct === CellKind.Integer || direct === CellKind.Float) && Number.isFinite(parsedText.value)) {
    return { value: parsedText.value, negative: false, digits: text };
  }
  let negative = false;
  if (text.startsWith("(") && text.endsWith(")")) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith("-") || text.startsWith("+")) {
    negative = negative !== text.startsWith("-");
    text = text.slice(1).trim();
  }
  text = text.replace(CURRENCY_CODES, "").replace(CURRENCY_SIGNS, "").trim();
  if (text.startsWith("-")) {
    negative = !negative;
    text = text.slice(1).trim();
  }
  if (GROUPED_COMMA.test(text)) text = text.replaceAll(",", "");
  else if (GROUPED_DOT.test(text)) text = text.replaceAll(".", "").replace(",", ".");
  else if (GROUPED_SPACE.test(text)) text = text.replace(/[ \u00a0\u202f]/g, "").replace(",", ".");
  else if (DECIMAL_COMMA.test(text) && !/^\d{1,3},\d{3}$/.test(text)) text = text.replace(",", ".");
  if (text === "" || !/^[\d.]/.test(text)) return null;
  const kind = classifyTextInto(text, parsedText);
  if (kind !== CellKind.Integer && kind !== CellKind.Float) return null;
  if (!Number.isFinite(parsedText.value)) return null;
  return { value: negative ? -parsedText.value : parsedText.value, negative, digits: text };
}

const TRUE_WORDS = new Set(["true", "t", "yes", "y", "1", "on"]);
const FALSE_WORDS = new Set(["false", "f", "no", "n", "0", "off"]);

/** yes/no, y/n, true/false, t/f, on/off, 1/0 in any case; null when the text is none of them. */
export function parseLooseBoolean(raw: string): boolean | null {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/** A number as plain text: integers without a point, others in the shortest exact form. */
export function numberText(value: number): string {
  return Object.is(value, -0) ? "0" : String(value);
}

/** The yes/no words as bytes, by length (a cell is compared with the words of its length only). */
const BOOLEAN_WORDS: [Uint8Array, boolean][][] = [];
for (const w of [...TRUE_WORDS, ...FALSE_WORDS]) {
  const sameLength = BOOLEAN_WORDS[w.length] ?? [];
  sameLength.push([Buffer.from(w, "latin1"), TRUE_WORDS.has(w)]);
  BOOLEAN_WORDS[w.length] = sameLength;
}

/**
 * parseLooseBoolean of the ASCII text held in values[start, end) with nothing to trim, read from
 * the bytes (a cell of a yes/no column is otherwise decoded on every row); undefined when the
 * bytes hold whitespace or a non-ASCII byte and must go through the text.
 */
export function looseBooleanBytes(values: Uint8Array, start: number, end: number): boolean | null | undefined {
  const length = end - start;
  if (length === 0) return null;
  for (let k = start; k < end; k++) {
    const b = values[k];
    if (b >= 0x80 || b <= 0x20) return undefined;
  }
  const words = BOOLEAN_WORDS[length];
  if (words === undefined) return null;
  for (const [word, value] of words) {
    let k = 0;
    // ASCII letters lower-cased; the words hold only letters and digits, which the OR leaves alone.
    while (k < length && (values[start + k] | 0x20) === word[k]) k++;
    if (k === length) return value;
  }
  return null;
}
