/**
 * One CSV field as every CSV output writes it (RFC 4180 quoting), with spreadsheet formulas
 * neutralised (OWASP "CSV Injection"): a cell whose text starts with = + - @ tab or carriage
 * return is opened by Excel, LibreOffice and Google Sheets as a formula (`=HYPERLINK(…)`,
 * `=cmd|' /C calc'!A0`, `@SUM(…)`, `+1+1`), so it is written with a leading `'`, which those
 * programs show as text and do not evaluate.
 *
 * Plain numbers are left as they are: `-12.5`, `+3`, `-1e5` are data, every spreadsheet reads
 * them as the number they are, and a cleaned file whose negative amounts turned into text would
 * be wrong. Only text matching the number pattern below is exempt; anything else that starts
 * with a trigger (`-1+2`, `+1+1`, `-A1`, `=1`) is prefixed.
 */

const TRIGGER = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** True when a spreadsheet would treat the text as a formula, so a CSV writer must prefix it. */
export function isFormulaLike(text: string): boolean {
  return TRIGGER.test(text) && !PLAIN_NUMBER.test(text);
}

/** The text as a spreadsheet will show it without evaluating it. */
export function neutraliseFormula(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = neutraliseFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
